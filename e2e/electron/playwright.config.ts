import { defineConfig } from '@playwright/test';

// Desktop end-to-end tests: Playwright's `_electron` drives the built app (out/).
// They skip, with one line saying so, where Electron's binary is not installed.
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: '../artifacts/electron',
  use: { trace: 'retain-on-failure' },
});
