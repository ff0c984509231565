import { describe, expect, it } from 'vitest';
import { useInProcess } from '../../helpers/operation.js';
import { useSandbox } from '../../helpers/sandbox.js';
import { example, type GraphQLBody } from '../../helpers/server.js';

/*
 * An upstream refusing a request (400, 422) may put its internals in the body: a stack trace, file
 * paths, markup, control characters. Callers reading are told only that it refused; the caller's
 * own writes get the field messages they need to correct their input, bounded and cleaned.
 */
const sandbox = useSandbox();
const server = useInProcess(sandbox);

const INTERNALS = ['Traceback', '/srv/udata', 'forms.py', 'settings.py', 'db-primary.internal', 'hunter2', '<script', '<b>'];
/** Control characters and invisible formatting (a bidi override). */
const INVISIBLE = /[\u0000-\u001f\u007f\u202e]/;

/** flask-restx's shape, with what a careless upstream might leave in it. */
const LEAKY_FLASK_BODY = {
  message:
    'Validation failed\u001b[31m for mongodb://admin:hunter2@db-primary.internal:27017/udata\nTraceback (most recent call last):\n  File "/srv/udata/udata/api/__init__.py", line 212, in dispatch',
  errors: {
    title: ['Title is required.\n    at validate (/srv/udata/udata/forms.py:12:5)', '<script>alert(1)</script>Too <b>short</b>'],
    frequency: 'Not a valid choice\u202e (see /srv/udata/udata/settings.py)',
    ...Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`extra${i}`, 'x'.repeat(5000)])),
  },
};

/** FastAPI's shape, the same way. */
const LEAKY_FASTAPI_BODY = {
  detail: [{ loc: ['query', 'code_commune'], msg: 'Internal error: File "/srv/api/app/db.py", line 9, password=hunter2', type: 'x' }],
};

function leaks(body: GraphQLBody): string[] {
  const text = JSON.stringify(body);
  return INTERNALS.filter((internal) => text.includes(internal));
}

describe('an upstream refusal on a read', () => {
  it('says which source refused and the status, none of the upstream’s words', async () => {
    sandbox().controls.addFault({ source: 'datagouv', kind: 'status', status: 400, path: '^/api/1/datasets/$', body: LEAKY_FLASK_BODY });
    const datasets = await server().graphql(example('datasets-of-commune'), { commune: '44109', query: 'budget' });
    sandbox().controls.addFault({ source: 'data-inclusion', kind: 'status', status: 422, body: LEAKY_FASTAPI_BODY });
    const services = await server().graphql('{ services(filter: { commune: "44109" }) { totalCount } }');
    for (const [{ body }, source, status] of [
      [datasets, 'datagouv', 400],
      [services, 'data-inclusion', 422],
    ] as const) {
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0]).toMatchObject({
        message: `${source} refused the request (HTTP ${status})`,
        extensions: { code: 'BAD_USER_INPUT', source },
      });
      expect(body.errors![0]!.extensions).not.toHaveProperty('fields');
      expect(leaks(body)).toEqual([]);
    }
  });
});

describe('an upstream refusal on the caller’s own write', () => {
  const headers = () => ({ 'x-datagouv-api-key': sandbox().credentials.datagouvApiKey });
  const CREATE = 'mutation ($input: DatasetInput!) { createDataset(input: $input) { id } }';

  it('carries data.gouv.fr’s field messages, as data.gouv.fr wrote them', async () => {
    const { body } = await server().graphql(CREATE, { input: { title: '', frequency: 'sometimes' } }, headers());
    expect(body.data).toBeNull();
    expect(body.errors![0]!.message).toMatch(/^datagouv refused the request \(HTTP 400\): .*frequency/);
    expect(body.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      source: 'datagouv',
      fields: { title: [expect.any(String)], frequency: [expect.any(String)] },
    });
  });

  it('bounds and cleans them: no control characters, stack trace, path, address nor markup', async () => {
    sandbox().controls.addFault({ source: 'datagouv', kind: 'status', status: 400, path: '^/api/1/datasets/$', body: LEAKY_FLASK_BODY });
    const { body } = await server().graphql(CREATE, { input: { title: 'Offre', description: 'Offre' } }, headers());
    const error = body.errors![0]!;
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = error.extensions!.fields as Record<string, string[]>;
    expect(fields.title).toEqual(['Title is required.', 'Too short']);
    expect(fields.frequency).toEqual(['Not a valid choice (see [path])']);
    expect(Object.keys(fields).length).toBeLessThanOrEqual(10);
    for (const messages of Object.values(fields)) for (const message of messages) expect(message.length).toBeLessThanOrEqual(200);
    expect(error.message).toMatch(/^datagouv refused the request \(HTTP 400\): Validation failed/);
    expect(error.message.length).toBeLessThanOrEqual(400);
    expect(JSON.stringify(body)).not.toMatch(INVISIBLE);
    expect(leaks(body)).toEqual([]);
  });
});
