import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The benchmark's own unit tests (pure helpers): `npx vitest run --config bench/renderer/vitest.config.ts`.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['bench/renderer/**/*.test.ts'],
    environment: 'node',
  },
});
