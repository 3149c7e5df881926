#!/usr/bin/env node
// The whole test suite, as the README and CI run it: lint, type-check, unit and
// integration tests, desktop packaging/security checks, the web build and the
// end-to-end tests. Every step runs even when an earlier one fails, so one run
// shows every problem; the exit code is non-zero if any step failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// Not test-results/: Playwright empties that folder when it starts.
const reports = join(root, '.test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const hasScript = (name) => Boolean(pkg.scripts?.[name]);

const vitestJson = join(reports, 'vitest.json');
const faultsJson = join(reports, 'vitest-faults.json');
const playwrightJson = join(reports, 'playwright.json');
const electronJson = join(reports, 'playwright-electron.json');

/** @type {Array<{ name: string; command: string; args: string[]; env?: Record<string, string>; when?: boolean }>} */
const steps = [
  { name: 'lint and format (biome)', command: 'npx', args: ['biome', 'check', '.'] },
  { name: 'type-check', command: 'npm', args: ['run', 'typecheck'] },
  {
    name: 'unit, component and integration tests (vitest)',
    command: 'npx',
    args: ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`],
  },
  {
    name: 'delivery fault tests (vitest)',
    command: 'npm',
    args: [
      'run',
      'test:faults',
      '--',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${faultsJson}`,
    ],
    when: hasScript('test:faults'),
  },
  { name: 'build (web and desktop)', command: 'npm', args: ['run', 'build'], when: hasScript('build') },
  {
    name: 'electron-builder config check',
    command: 'npm',
    args: ['run', 'check:builder'],
    when: hasScript('check:builder'),
  },
  {
    name: 'security scan (electronegativity)',
    command: 'npm',
    args: ['run', 'scan:security'],
    when: hasScript('scan:security'),
  },
  {
    name: 'end-to-end tests (playwright)',
    command: 'npx',
    args: ['playwright', 'test', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson },
    when: existsSync(join(root, 'playwright.config.ts')),
  },
  {
    name: 'desktop end-to-end tests (playwright _electron)',
    command: 'npm',
    args: ['run', 'test:electron', '--', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: electronJson },
    when: hasScript('test:electron'),
  },
];

const failedSteps = [];
for (const step of steps) {
  if (step.when === false) continue;
  console.log(`\n=== ${step.name} ===`);
  const started = Date.now();
  const result = spawnSync(step.command, step.args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...step.env },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  console.log(`=== ${step.name}: ${ok ? 'ok' : 'FAILED'} (${seconds} s) ===`);
  if (!ok) failedSteps.push(step.name);
}

const counts = { passed: 0, failed: 0, skipped: 0 };
const readJson = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
for (const report of [readJson(vitestJson), readJson(faultsJson)]) {
  if (!report) continue;
  counts.passed += report.numPassedTests ?? 0;
  counts.failed += report.numFailedTests ?? 0;
  counts.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
for (const report of [readJson(playwrightJson), readJson(electronJson)]) {
  const stats = report?.stats ?? {};
  counts.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  counts.failed += stats.unexpected ?? 0;
  counts.skipped += stats.skipped ?? 0;
}
// A failed step that is not a test runner (lint, type-check, build) counts as one failure.
const nonTestFailures = failedSteps.filter((name) => !/tests/.test(name)).length;
counts.failed += nonTestFailures;

console.log('');
if (failedSteps.length > 0) console.log(`Failed steps: ${failedSteps.join('; ')}`);
console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failedSteps.length > 0 ? 1 : 0);
