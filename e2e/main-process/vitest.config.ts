import { defineConfig } from 'vitest/config';

// The main-process integration suite: the built bundle (out/main/index.js, unmodified) runs
// under plain Node with the fake Electron, one child process per scenario.
export default defineConfig({
  test: {
    name: 'main-process',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    environment: 'node',
    globalSetup: ['./global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
