import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UpstreamError } from './errors.js';
import { notFoundBody, validated } from './validation.js';

const schema = z.object({ items: z.array(z.object({ id: z.string() })) });

describe('validated', () => {
  it('answers the body read by its schema', () => {
    expect(validated('datagouv', '{"items":[{"id":"a","extra":1}]}', schema)).toEqual({ items: [{ id: 'a' }] });
  });

  it('refuses a body that is not JSON as an invalid response, saying so', () => {
    const error = (() => {
      try {
        validated('datagouv', '<html>', schema);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: 'UPSTREAM_INVALID_RESPONSE', source: 'datagouv', details: { notJson: true } });
  });

  it('refuses a body that breaks its contract, naming where', () => {
    expect(() => validated('insee', '{"items":[{"id":3}]}', schema)).toThrow(
      /insee answered a body that breaks its contract \(at items\.0\.id\)/,
    );
    expect(() => validated('insee', '[]', schema)).toThrow(/at the top level/);
  });
});

describe('notFoundBody', () => {
  it('reads a kept not-found body its schema describes', () => {
    expect(notFoundBody('{"items":[]}', schema)).toEqual({ items: [] });
  });

  it('takes any other not-found body (a gateway’s own 404) for a plain not-found', () => {
    expect(notFoundBody('{"message":"no route"}', schema)).toBeNull();
    expect(notFoundBody('Not Found', schema)).toBeNull();
  });
});
