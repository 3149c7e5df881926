/**
 * Writes the administrator templates generated from the settings schema:
 *   assets/policy-templates/windows/Beacon.admx, windows/en-US/Beacon.adml (Group Policy)
 *   assets/policy-templates/macos/org.beacon.desktop.mobileconfig (an example profile)
 * Run after changing a setting: npx tsx scripts/generate-policy-templates.ts
 * (main/settings/policy-templates/policy-templates.test.ts fails while they are out of date).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { policyTemplateFiles } from '../main/settings/policy-templates';

const root = join(import.meta.dirname, '..');

for (const file of policyTemplateFiles()) {
  const target = join(root, file.path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, file.content, 'utf8');
  console.log(`wrote ${file.path}`);
}
