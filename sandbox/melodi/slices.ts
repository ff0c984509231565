import { setImmediate as nextTurn } from 'node:timers/promises';

/*
 * Long computations of the simulator (a territory of 35 000 communes, a dataset's figures for
 * every commune of France) written once as generators that `yield` between small steps, and run
 * either at once (`runNow`, for synchronous callers) or in slices that give the event loop back
 * between them (`runInSlices`, for request handlers): the sandbox shares the server's process in
 * sandbox mode and in the tests, so a cold read must not hold the server's event loop for
 * seconds.
 */

export type Steps<T> = Generator<void, T, void>;

/** Longest run without giving the event loop back (ms). */
export const SLICE_MS = 20;

/** Runs every step at once. */
export function runNow<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs the steps, giving the event loop back whenever a slice has lasted SLICE_MS. */
export async function runInSlices<T>(steps: Steps<T>): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= SLICE_MS) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
}

/** How many loop iterations go between two steps (a step per iteration would cost more than the work). */
export const STEP_EVERY = 256;
