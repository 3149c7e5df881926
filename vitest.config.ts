import { configDefaults, defineConfig } from 'vitest/config';

// One runner for every component: node-side projects and the jsdom renderer.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'protocol',
          include: ['protocol/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'server',
          include: ['server/src/**/*.test.ts', 'server/test/**/*.test.ts'],
          // The fault tests have their own run (`npm run test:faults`, server/test/faults/vitest.config.ts).
          exclude: [...configDefaults.exclude, 'server/test/faults/**'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'main',
          include: [
            'common/**/*.test.ts',
            'main/**/*.test.ts',
            'preload/**/*.test.ts',
            'bench/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'renderer',
          include: ['renderer/**/*.test.ts', 'renderer/**/*.test.tsx'],
          environment: 'jsdom',
        },
      },
    ],
  },
});
