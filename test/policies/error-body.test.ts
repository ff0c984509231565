import { describe, expect, it } from 'vitest';
import { cleanUpstreamText, readRefusal } from '../../src/policies/error-body.js';
import { example, examplesAvailable } from '../helpers/examples.js';

/* The upstreams' own error bodies, recorded or asserted by their tests, read into one message. */
describe.skipIf(!examplesAvailable)('refusals read from the upstreams’ real error bodies', () => {
  it('FastAPI (data·inclusion): detail as a string, and as a list of located messages', () => {
    expect(readRefusal(example('data-inclusion', 'v1.search-services.422.lat-without-lon.json'))).toEqual({
      message: 'The `lat` and `lon` must be simultaneously filled.',
    });
    const listed = readRefusal(example('data-inclusion', 'fastapi.422.enum-validation.json'));
    expect(listed.message).toBe("model_name: Input should be 'alexnet', 'resnet' or 'lenet'");
    expect(listed.fields).toEqual({ model_name: ["Input should be 'alexnet', 'resnet' or 'lenet'"] });
  });

  it('Joi (InserJeunes): the heading, then each detail, by field', () => {
    const unknown = readRefusal(example('inserjeunes', 'certifications.400.unknown-parameter.json'));
    expect(unknown.message).toBe('Erreur de validation: "invalid" is not allowed');
    expect(unknown.fields).toEqual({ invalid: ['"invalid" is not allowed'] });
    const code = readRefusal(example('inserjeunes', 'certification.400.invalid-code.json'));
    expect(code.message).toContain('"codes_certifications" must have the type CFD, MEFSTAT11 or SISE');
    expect(readRefusal(example('inserjeunes', 'regionale.400.invalid-region.json')).fields?.region?.[0]).toMatch(
      /^"region" must be one of \[00, 01/,
    );
  });

  it('flask-restx (data.gouv.fr): the message', () => {
    expect(readRefusal(example('datagouv', 'dataset.v1.404.unknown-slug.json')).message).toMatch(/^The requested URL was not found/);
  });
});

describe('refusals from anything else', () => {
  it('say nothing rather than fail, and stay short whatever the upstream sends', () => {
    for (const body of [undefined, null, 'text', 42, [], {}, { detail: 7 }, { details: 'x' }])
      expect(readRefusal(body)).toEqual({ message: '' });
    const long = readRefusal({ detail: [...Array(500)].map((_, i) => ({ loc: ['query', `f${i}`], msg: 'x'.repeat(1000) })) });
    expect(long.message.length).toBeLessThanOrEqual(300);
    expect(Object.keys(long.fields ?? {})).toHaveLength(10);
    expect(readRefusal({ message: 'Invalid', errors: { title: 'required', tags: ['bad', 'worse'] } })).toEqual({
      message: 'Invalid',
      fields: { title: ['required'], tags: ['bad', 'worse'] },
    });
  });
});

describe('an upstream’s words made fit to show (the caller’s own writes only)', () => {
  it('keep plain validation messages as they are', () => {
    for (const message of [
      "Input should be 'gratuit' or 'payant'",
      'Date must be dd/mm/yyyy',
      'must be application/json',
      'at least 3 characters',
    ])
      expect(cleanUpstreamText(message)).toBe(message);
  });

  it('drop stack traces, markup, terminal and control characters; hide addresses and file paths', () => {
    expect(cleanUpstreamText('Error: boom\n    at Object.<anonymous> (/app/src/x.js:1:2)')).toBe('Error: boom');
    expect(cleanUpstreamText('Invalid\nTraceback (most recent call last):\n  File "/srv/app/db.py", line 9')).toBe('Invalid');
    expect(cleanUpstreamText('<script>alert(1)</script>Too <b>short</b>')).toBe('Too short');
    expect(cleanUpstreamText('Bad\u001b[31m value\u0000\u202e here')).toBe('Bad value here');
    expect(cleanUpstreamText('see mongodb://u:secret@db.internal:27017/x and /srv/app/settings.py')).toBe('see [address] and [path]');
    expect(cleanUpstreamText('x'.repeat(10_000), 200)).toHaveLength(200);
  });

  it('bound the fields, their names and their messages', () => {
    const refusal = readRefusal({
      errors: {
        'title<script>': 'x',
        tags: ['a', 'b', 'c', 'd'],
        ...Object.fromEntries([...Array(20)].map((_, i) => [`f${i}`, 'y'.repeat(900)])),
      },
    });
    expect(Object.keys(refusal.fields!)).toHaveLength(10);
    expect(refusal.fields!.title).toEqual(['x']);
    expect(refusal.fields!.tags).toEqual(['a', 'b', 'c']);
    for (const messages of Object.values(refusal.fields!)) for (const m of messages) expect(m.length).toBeLessThanOrEqual(200);
  });
});
