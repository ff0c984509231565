import { defineConfig } from 'vitest/config';
import base, { LONG_TESTS } from './vitest.config.js';

/** `npm run test:long`: the long tests `npm test` leaves out (see LONG_TESTS), one file at a time. */
export default defineConfig({
  ...base,
  test: { ...base.test, projects: undefined, include: LONG_TESTS, fileParallelism: false },
});
