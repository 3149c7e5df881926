#!/usr/bin/env node
// Electronegativity over the desktop app's source (main, preload, common) and the renderer's
// page, scanned together so its app-wide checks (CSP, navigation limits, permission handler)
// see the whole app. Every finding must be justified in .electronegativity.json, else exit 1.
// Usage: node scripts/security-scan.mjs
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const configPath = join(root, '.electronegativity.json');
const config = JSON.parse(readFileSync(configPath, 'utf8'));
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const ignore = (config.ignoreFiles ?? []).map((pattern) => new RegExp(pattern));

// Stage the files to scan in one folder, keeping their repository paths.
const stage = mkdtempSync(join(tmpdir(), 'beacon-scan-'));
let scanned = 0;
try {
  for (const input of config.inputs) {
    cpSync(join(root, input), join(stage, input), {
      recursive: true,
      filter: (source) => {
        const path = relative(root, source).split(sep).join('/');
        const keep = !ignore.some((pattern) => pattern.test(path));
        if (keep && /\.(ts|js|cjs|mjs)$/.test(path)) scanned++;
        return keep;
      },
    });
  }
  const html = (config.html ?? []).find((path) => existsSync(join(root, path)));
  if (html) {
    mkdirSync(dirname(join(stage, html)), { recursive: true });
    cpSync(join(root, html), join(stage, html));
    scanned++;
  }

  // Electronegativity prints a locale notice through console.log while loading; keep the output clean.
  const log = console.log;
  console.log = (...args) => {
    if (!String(args[0]).includes('translations')) log(...args);
  };
  const run = require('@doyensec/electronegativity/dist/runner.js');
  let result;
  try {
    result = await run(
      {
        input: stage,
        isRelative: true,
        electronVersionOverride: electronVersion,
        excludeFromScan: Object.keys(config.excludedChecks ?? {}),
        customScan: [],
        parserPlugins: [],
      },
      false,
    );
  } finally {
    console.log = log;
  }

  const fatal = result.errors.filter((error) => !error.tolerable);
  for (const error of fatal)
    console.error(`✗ could not parse ${relative(stage, error.file)}: ${error.message}`);

  const findings = result.issues.map((issue) => ({
    check: issue.id,
    file: issue.file === 'N/A' ? 'N/A' : issue.file.split(sep).join('/'),
    line: issue.location?.line ?? 0,
    severity: issue.severity?.name ?? String(issue.severity),
    description: issue.description,
  }));
  const used = new Set();
  const unjustified = [];
  for (const finding of findings) {
    const index = config.justified.findIndex(
      (entry) => entry.check === finding.check && (entry.file === finding.file || entry.file === '*'),
    );
    if (index === -1) unjustified.push(finding);
    else used.add(index);
  }

  console.log(
    `Electronegativity: ${result.globalChecks + result.atomicChecks} checks over ${scanned} files (Electron ${electronVersion}); ${findings.length} findings, ${findings.length - unjustified.length} justified in .electronegativity.json`,
  );
  for (const [check, reason] of Object.entries(config.excludedChecks ?? {}))
    console.log(`  excluded ${check}: ${reason}`);
  for (const finding of findings) {
    const mark = unjustified.includes(finding) ? '✗' : '✓';
    console.log(`  ${mark} ${finding.check} ${finding.file}:${finding.line} [${finding.severity}]`);
  }
  config.justified.forEach((entry, index) => {
    if (!used.has(index)) console.log(`  note: justification no longer needed: ${entry.check} ${entry.file}`);
  });
  if (unjustified.length > 0 || fatal.length > 0) {
    for (const finding of unjustified) {
      console.error(
        `✗ unjustified: ${finding.check} in ${finding.file}:${finding.line}: ${finding.description}`,
      );
    }
    console.error('Fix the code, or justify the finding in .electronegativity.json.');
    process.exitCode = 1;
  } else {
    console.log('✓ security scan passed');
  }
} finally {
  rmSync(stage, { recursive: true, force: true });
}
