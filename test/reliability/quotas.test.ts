import { describe, expect, it } from 'vitest';
import { geography } from '../../src/geography/index.js';
import { busiestWindow, useSandbox } from '../helpers/sandbox.js';
import { example, startServer } from '../helpers/server.js';

const sandbox = useSandbox();

describe('quotas under a burst', () => {
  it('200 dashboards over distinct communes never make Insee see more than 30 requests a minute', async () => {
    // The other sources' politeness limits are lifted: this test is about Insee's.
    const lifted = Object.fromEntries(
      ['DATA_INCLUSION', 'LEMARCHE', 'INSERJEUNES', 'DATAGOUV'].map((s) => [`${s}_RATE_LIMIT`, '100000/1s']),
    );
    const server = await startServer(sandbox(), { ...lifted, QUOTA_MAX_WAIT_MS: '200' });
    try {
      const codes = geography()
        .communes.filter((c) => c.kind === 'commune' && c.departmentCode === '44')
        .slice(0, 200)
        .map((c) => c.code);
      expect(codes).toHaveLength(200);
      const answers: { status: number; body: any }[] = [];
      for (let i = 0; i < codes.length; i += 20) {
        answers.push(...(await Promise.all(codes.slice(i, i + 20).map((code) => server.graphql(example('commune-dashboard'), { code })))));
      }
      const insee = sandbox()
        .controls.requests('insee')
        .map((r) => r.at);
      expect(insee.length).toBeLessThanOrEqual(30);
      expect(busiestWindow(insee, 60_000)).toBeLessThanOrEqual(30);
      let limited = 0;
      for (const { status, body } of answers) {
        expect(status).toBe(200);
        expect(body.data.commune.name).toBeTruthy();
        for (const error of body.errors ?? []) {
          expect(error.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', source: 'insee' });
          limited++;
        }
      }
      // The excess is reported, not silently dropped: 200 dashboards need far more than 30 cubes.
      expect(limited).toBeGreaterThan(100);
      // What Insee did answer is served again from cache.
      const again = await server.graphql(example('commune-dashboard'), { code: codes[0] });
      expect(again.body.errors).toBeUndefined();
    } finally {
      await server.close();
    }
  }, 120_000);
});
