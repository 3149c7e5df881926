import { buildAdml, buildAdmx } from './admx';
import { buildExampleMobileconfig } from './mobileconfig';

/** Every generated administrator template, by path from the repository root. */
export interface TemplateFile {
  path: string;
  content: string;
}

export const TEMPLATE_DIR = 'assets/policy-templates';

export function policyTemplateFiles(): TemplateFile[] {
  return [
    { path: `${TEMPLATE_DIR}/windows/Beacon.admx`, content: buildAdmx() },
    { path: `${TEMPLATE_DIR}/windows/en-US/Beacon.adml`, content: buildAdml() },
    { path: `${TEMPLATE_DIR}/macos/org.beacon.desktop.mobileconfig`, content: buildExampleMobileconfig() },
  ];
}
