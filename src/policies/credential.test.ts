import { describe, expect, it } from 'vitest';
import { httpError } from '../../test/helpers/fake-got.js';
import { fixedCredential, withCredential, type UpstreamCredential } from './credential.js';

/** A renewable credential: a new token each time it is asked after a rejection. */
function renewable(): UpstreamCredential & { rejections: number } {
  let token = 1;
  return {
    rejections: 0,
    async headers() {
      return { authorization: `Bearer t${token}` };
    },
    rejected() {
      this.rejections++;
      token++;
    },
  };
}

describe('withCredential', () => {
  it('sends no header without a credential, and the credential’s with one', async () => {
    const sent: Record<string, string>[] = [];
    const transport = async (headers: Record<string, string>) => (sent.push(headers), 'ok');
    await withCredential(undefined, transport);
    await withCredential(fixedCredential({ 'x-api-key': 'k' }), transport);
    expect(sent).toEqual([{}, { 'x-api-key': 'k' }]);
  });

  it('after a 401, tells the credential and tries once more with fresh headers', async () => {
    const credential = renewable();
    const sent: string[] = [];
    const answer = await withCredential(credential, async (headers) => {
      sent.push(headers.authorization!);
      if (sent.length === 1) throw httpError(401);
      return 'ok';
    });
    expect(answer).toBe('ok');
    expect(sent).toEqual(['Bearer t1', 'Bearer t2']);
    expect(credential.rejections).toBe(1);
  });

  it('tries only once more: a second 401 is the answer', async () => {
    const credential = renewable();
    let attempts = 0;
    const failure = withCredential(credential, async () => {
      attempts++;
      throw httpError(401);
    });
    await expect(failure).rejects.toMatchObject({ response: { statusCode: 401 } });
    expect(attempts).toBe(2);
  });

  it('does not try again after another failure, nor with a credential that cannot be renewed', async () => {
    let attempts = 0;
    const transport = async () => {
      attempts++;
      throw httpError(attempts === 1 ? 403 : 401);
    };
    await expect(withCredential(renewable(), transport)).rejects.toMatchObject({ response: { statusCode: 403 } });
    await expect(withCredential(fixedCredential({ 'x-api-key': 'k' }), transport)).rejects.toMatchObject({ response: { statusCode: 401 } });
    expect(attempts).toBe(2);
  });
});
