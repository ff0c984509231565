import { describe, expect, it } from 'vitest';
import { SingleFlight } from './single-flight.js';

/** A piece of work that ends when told to. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  it('shares one run among identical calls in flight, and runs again once it ended', async () => {
    const flights = new SingleFlight();
    const work = deferred<string>();
    let runs = 0;
    const run = () => flights.run('k', () => (runs++, work.promise));
    const [a, b] = [run(), run()];
    work.resolve('answer');
    expect(await Promise.all([a, b])).toEqual(['answer', 'answer']);
    expect(runs).toBe(1);
    await run();
    expect(runs).toBe(2);
  });

  it('keeps different keys apart', async () => {
    const flights = new SingleFlight();
    const [a, b] = await Promise.all([flights.run('a', async () => 'A'), flights.run('b', async () => 'B')]);
    expect([a, b]).toEqual(['A', 'B']);
  });

  it('shares a failure with every caller in flight, then forgets it', async () => {
    const flights = new SingleFlight();
    const work = deferred<string>();
    const [a, b] = [flights.run('k', () => work.promise), flights.run('k', () => work.promise)];
    work.reject(new Error('down'));
    await expect(a).rejects.toThrow('down');
    await expect(b).rejects.toThrow('down');
    expect(await flights.run('k', async () => 'back')).toBe('back');
  });
});
