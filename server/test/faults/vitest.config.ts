import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run test:faults`: the fault tests, including the long delivery run (`*.fault.ts`)
// that the default suite leaves out. One file at a time: they load the machine on purpose.
export default defineConfig({
  root: fileURLToPath(new URL('../../../', import.meta.url)),
  test: {
    name: 'faults',
    include: ['server/test/faults/**/*.test.ts', 'server/test/faults/**/*.fault.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 60_000,
  },
});
