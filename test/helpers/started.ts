import { afterAll, beforeAll } from 'vitest';

/**
 * Something the tests of the enclosing file or describe block share: started before them, stopped
 * after them (even when a test failed), and read through the getter returned, which says what was
 * not started when a test reads it outside that block or after a failed start.
 */
export function useStarted<T>(what: string, start: () => Promise<T>, stop: (started: T) => Promise<void>): () => T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    if (started !== undefined) await stop(started);
  });
  return () => {
    if (started === undefined) throw new Error(`${what} not started`);
    return started;
  };
}
