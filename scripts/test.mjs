#!/usr/bin/env node
// The whole test suite, as the README and CI run it: lint, type-check, unit and
// integration tests, desktop packaging/security checks, the web build and the
// end-to-end tests. Every step runs even when an earlier one fails, so one run
// shows every problem; the exit code is non-zero if any step failed.
//
// After each step the runner looks for processes the step left behind (scripts/lib/
// leftover-processes.mjs): a step that leaves a process listening on TCP fails, and every
// leftover is named and killed so it cannot disturb the next step.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { underDisplay } from './lib/display.mjs';
import { leftoverCheckSupported, newMarker, runStep } from './lib/leftover-processes.mjs';

const root = new URL('..', import.meta.url).pathname;
// Not test-results/: Playwright empties that folder when it starts.
const reports = join(root, '.test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const hasScript = (name) => Boolean(pkg.scripts?.[name]);

const vitestJson = join(reports, 'vitest.json');
const faultsJson = join(reports, 'vitest-faults.json');
const mainProcessJson = join(reports, 'vitest-main-process.json');
const mainProcessConfig = 'e2e/main-process/vitest.config.ts';
const playwrightJson = join(reports, 'playwright.json');
const electronJson = join(reports, 'playwright-electron.json');

/** @type {Array<{ name: string; command: string; args: string[]; env?: Record<string, string>; when?: boolean; report?: { file: string; kind: 'vitest' | 'playwright' }; display?: boolean }>} */
const steps = [
  { name: 'lint and format (biome)', command: 'npx', args: ['biome', 'check', '.'] },
  { name: 'type-check', command: 'npm', args: ['run', 'typecheck'] },
  {
    name: 'unit, component and integration tests (vitest)',
    command: 'npx',
    args: ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`],
    report: { file: vitestJson, kind: 'vitest' },
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
    report: { file: faultsJson, kind: 'vitest' },
  },
  { name: 'build (web and desktop)', command: 'npm', args: ['run', 'build'], when: hasScript('build') },
  {
    // Its own suite (another config): the built main-process bundle with Electron faked.
    name: 'desktop main-process integration tests (built bundle, faked Electron)',
    command: 'npx',
    args: [
      'vitest',
      'run',
      '--config',
      mainProcessConfig,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${mainProcessJson}`,
    ],
    when: existsSync(join(root, mainProcessConfig)),
    report: { file: mainProcessJson, kind: 'vitest' },
  },
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
    report: { file: playwrightJson, kind: 'playwright' },
  },
  {
    name: 'desktop end-to-end tests (playwright _electron)',
    command: 'npm',
    args: ['run', 'test:electron', '--', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: electronJson },
    when: hasScript('test:electron'),
    report: { file: electronJson, kind: 'playwright' },
    display: true,
  },
];

// Inherited by every process a step starts, however it detaches: how its leftovers are found.
const marker = newMarker();
if (!leftoverCheckSupported) {
  console.log(
    `The check for processes left behind by a step needs Linux /proc: skipped on ${process.platform}.`,
  );
}

const counts = { passed: 0, failed: 0, skipped: 0 };
const readJson = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
/** The step's test results; a step without a report counts nothing here. */
function reportCounts(report) {
  const json = report ? readJson(report.file) : null;
  if (!json) return { passed: 0, failed: 0, skipped: 0 };
  if (report.kind === 'vitest') {
    return {
      passed: json.numPassedTests ?? 0,
      failed: json.numFailedTests ?? 0,
      skipped: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0),
    };
  }
  const stats = json.stats ?? {};
  return {
    passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
    failed: stats.unexpected ?? 0,
    skipped: stats.skipped ?? 0,
  };
}

const failedSteps = [];
for (const step of steps) {
  if (step.when === false) continue;
  console.log(`\n=== ${step.name} ===`);
  const started = Date.now();
  const result = await runStep(step.display ? underDisplay(step) : step, { marker, cwd: root });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.error) console.log(`could not run ${step.command}: ${result.error.message}`);
  console.log(`=== ${step.name}: ${result.ok ? 'ok' : 'FAILED'} (${seconds} s) ===`);
  if (!result.ok) failedSteps.push(result.leaked ? `${step.name} (left a process listening)` : step.name);

  const own = reportCounts(step.report);
  counts.passed += own.passed;
  counts.skipped += own.skipped;
  // A failed step counts at least one failure: lint, type-check or build, a test runner that
  // crashed before it wrote its report, a step that left a listening process behind.
  counts.failed += result.ok ? own.failed : Math.max(1, own.failed);
}

console.log('');
if (failedSteps.length > 0) console.log(`Failed steps: ${failedSteps.join('; ')}`);
console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failedSteps.length > 0 ? 1 : 0);
