import type { SettingKey } from '../../../common/bridge';
import { DEFAULT_SETTINGS } from '../../../common/bridge-schemas';
import {
  POLICY_KEYS,
  type PolicyKey,
  type PolicyValueType,
  policyValueType,
  UPDATE_URL_KEY,
} from '../policy-schema';
import { RECOMMENDED_SUBKEY, REGISTRY_POLICY_PATH } from '../policy-sources/registry';
import { policyText } from './descriptions';

/**
 * Group Policy templates (Beacon.admx + en-US/Beacon.adml) derived from the settings schema: one
 * policy per setting (class="Both": Computer Configuration writes HKLM, User Configuration HKCU),
 * a "users can override" category with the Recommended variants, and the update feed. Booleans
 * are enabled/disabled policies writing REG_DWORD 1/0, integers a <decimal> with the schema's
 * limits, strings a <text>, an object setting a subkey with one element per field — exactly what
 * the registry reader (policy-sources/registry.ts) reads back.
 */

export const ADMX_NAMESPACE = 'Beacon.Policies.Beacon';
export const CATEGORY = 'Beacon';
export const RECOMMENDED_CATEGORY = 'Beacon_Recommended';
export const SUPPORTED_ON = 'SUPPORTED_Beacon';
const REVISION = '1.0';
const XMLNS =
  'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
  'xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"';
const GENERATED =
  '<!-- Generated from the settings schema by scripts/generate-policy-templates.ts; do not edit by hand. -->';

/** The registry key of policies as ADMX writes it (no hive: the class decides HKLM or HKCU). */
export const ADMX_KEY = titleCaseSoftware(REGISTRY_POLICY_PATH);

interface PolicyDefinition {
  name: string;
  key: PolicyKey;
  recommended: boolean;
  registryKey: string;
}

function definitions(): PolicyDefinition[] {
  const mandatory = POLICY_KEYS.map((key) => ({ name: key, key, recommended: false, registryKey: ADMX_KEY }));
  const recommended = POLICY_KEYS.filter((key) => key !== UPDATE_URL_KEY).map((key) => ({
    name: `${key}_recommended`,
    key,
    recommended: true,
    registryKey: `${ADMX_KEY}\\${RECOMMENDED_SUBKEY}`,
  }));
  return [...mandatory, ...recommended];
}

export function buildAdmx(): string {
  const lines: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    GENERATED,
    `<policyDefinitions ${XMLNS} revision="${REVISION}" schemaVersion="1.0">`,
    '  <policyNamespaces>',
    `    <target prefix="beacon" namespace="${ADMX_NAMESPACE}" />`,
    '  </policyNamespaces>',
    `  <resources minRequiredRevision="${REVISION}" />`,
    '  <supportedOn>',
    '    <definitions>',
    `      <definition name="${SUPPORTED_ON}" displayName="$(string.${SUPPORTED_ON})" />`,
    '    </definitions>',
    '  </supportedOn>',
    '  <categories>',
    `    <category name="${CATEGORY}" displayName="$(string.${CATEGORY})" />`,
    `    <category name="${RECOMMENDED_CATEGORY}" displayName="$(string.${RECOMMENDED_CATEGORY})">`,
    `      <parentCategory ref="${CATEGORY}" />`,
    '    </category>',
    '  </categories>',
    '  <policies>',
  ];
  for (const definition of definitions()) lines.push(...policyXml(definition));
  lines.push('  </policies>', '</policyDefinitions>', '');
  return lines.join('\n');
}

function policyXml({ name, key, recommended, registryKey }: PolicyDefinition): string[] {
  const type = policyValueType(key);
  const category = recommended ? RECOMMENDED_CATEGORY : CATEGORY;
  const explain = recommended ? `${key}_Recommended_Explain` : `${key}_Explain`;
  const common = `name="${name}" class="Both" displayName="$(string.${key})" explainText="$(string.${explain})"`;
  const head = [`      <parentCategory ref="${category}" />`, `      <supportedOn ref="${SUPPORTED_ON}" />`];
  if (type.kind === 'boolean') {
    return [
      `    <policy ${common} key="${registryKey}" valueName="${key}">`,
      ...head,
      '      <enabledValue>',
      '        <decimal value="1" />',
      '      </enabledValue>',
      '      <disabledValue>',
      '        <decimal value="0" />',
      '      </disabledValue>',
      '    </policy>',
    ];
  }
  const presentation = `presentation="$(presentation.${key})"`;
  if (type.kind === 'object') {
    return [
      `    <policy ${common} ${presentation} key="${registryKey}\\${key}">`,
      ...head,
      '      <elements>',
      ...Object.entries(type.fields).flatMap(([field, fieldType]) =>
        elementXml(`${key}_${field}`, field, fieldType, `${key}.${field}`),
      ),
      '      </elements>',
      '    </policy>',
    ];
  }
  return [
    `    <policy ${common} ${presentation} key="${registryKey}">`,
    ...head,
    '      <elements>',
    ...elementXml(key, key, type, key),
    '      </elements>',
    '    </policy>',
  ];
}

function elementXml(id: string, valueName: string, type: PolicyValueType, where: string): string[] {
  const indent = '        ';
  switch (type.kind) {
    case 'boolean':
      return [
        `${indent}<boolean id="${id}" valueName="${valueName}">`,
        `${indent}  <trueValue>`,
        `${indent}    <decimal value="1" />`,
        `${indent}  </trueValue>`,
        `${indent}  <falseValue>`,
        `${indent}    <decimal value="0" />`,
        `${indent}  </falseValue>`,
        `${indent}</boolean>`,
      ];
    case 'integer':
      return [
        `${indent}<decimal id="${id}" valueName="${valueName}" minValue="${type.min}" maxValue="${type.max}" required="true" />`,
      ];
    case 'string': {
      const maxLength = type.maxLength === null ? '' : ` maxLength="${type.maxLength}"`;
      return [`${indent}<text id="${id}" valueName="${valueName}"${maxLength} required="true" />`];
    }
    case 'object':
      throw new Error(`${where}: a nested object cannot be a Group Policy element`);
  }
}

export function buildAdml(): string {
  const strings: [string, string][] = [
    [SUPPORTED_ON, 'Beacon desktop'],
    [CATEGORY, 'Beacon'],
    [RECOMMENDED_CATEGORY, 'Beacon - Default settings (users can override)'],
  ];
  const presentations: string[] = [];
  for (const key of POLICY_KEYS) {
    const text = policyText(key);
    const type = policyValueType(key);
    strings.push([key, text.title], [`${key}_Explain`, explainText(key, type, text.explain, false)]);
    if (key !== UPDATE_URL_KEY) {
      strings.push([`${key}_Recommended_Explain`, explainText(key, type, text.explain, true)]);
    }
    const controls = presentationControls(key, type);
    if (controls.length > 0) {
      presentations.push(`      <presentation id="${key}">`, ...controls, '      </presentation>');
    }
  }
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    GENERATED,
    `<policyDefinitionResources ${XMLNS} revision="${REVISION}" schemaVersion="1.0">`,
    '  <displayName>Beacon</displayName>',
    '  <description>Policies for the Beacon desktop messenger</description>',
    '  <resources>',
    '    <stringTable>',
    ...strings.map(([id, value]) => `      <string id="${id}">${escapeXml(value)}</string>`),
    '    </stringTable>',
    '    <presentationTable>',
    ...presentations,
    '    </presentationTable>',
    '  </resources>',
    '</policyDefinitionResources>',
    '',
  ].join('\n');
}

function presentationControls(key: PolicyKey, type: PolicyValueType): string[] {
  const text = policyText(key);
  const indent = '        ';
  const defaults = key === UPDATE_URL_KEY ? undefined : (DEFAULT_SETTINGS[key as SettingKey] as unknown);
  const control = (id: string, fieldType: PolicyValueType, label: string, fallback: unknown): string[] => {
    switch (fieldType.kind) {
      case 'boolean':
        return [
          `${indent}<checkBox refId="${id}" defaultChecked="${fallback === true}">${escapeXml(label)}</checkBox>`,
        ];
      case 'integer': {
        const value = typeof fallback === 'number' ? fallback : fieldType.min;
        return [
          `${indent}<decimalTextBox refId="${id}" defaultValue="${value}" spinStep="1">${escapeXml(label)}</decimalTextBox>`,
        ];
      }
      case 'string':
        return [
          `${indent}<textBox refId="${id}">`,
          `${indent}  <label>${escapeXml(label)}</label>`,
          ...(typeof fallback === 'string'
            ? [`${indent}  <defaultValue>${escapeXml(fallback)}</defaultValue>`]
            : []),
          `${indent}</textBox>`,
        ];
      case 'object':
        return [];
    }
  };
  if (type.kind === 'boolean') return [];
  if (type.kind === 'object') {
    const values = (defaults ?? {}) as Record<string, unknown>;
    return Object.entries(type.fields).flatMap(([field, fieldType]) =>
      control(`${key}_${field}`, fieldType, text.fields?.[field] ?? field, values[field]),
    );
  }
  return control(key, type, text.label ?? `${text.title}:`, defaults);
}

/** The help text, followed by where the value goes in the registry and its type. */
function explainText(key: PolicyKey, type: PolicyValueType, explain: string, recommended: boolean): string {
  const regType = (fieldType: PolicyValueType) => {
    if (fieldType.kind === 'boolean') return 'REG_DWORD, 1 or 0';
    if (fieldType.kind === 'integer') return `REG_DWORD, ${fieldType.min} to ${fieldType.max}`;
    return 'REG_SZ';
  };
  const registry =
    type.kind === 'object'
      ? `the subkey ${ADMX_KEY}\\${key} with the values ${Object.entries(type.fields)
          .map(([field, fieldType]) => `${field} (${regType(fieldType)})`)
          .join(', ')}`
      : `${ADMX_KEY}\\${key} (${regType(type)})`;
  const under = (path: string) => registry.replace(`${ADMX_KEY}\\`, `${path}\\`);
  const hives = 'HKLM under Computer Configuration, HKCU under User Configuration';
  if (key === UPDATE_URL_KEY) {
    return `${explain}\n\nNot configured: the feed built into the app.\n\nRegistry: ${registry}, in ${hives}.`;
  }
  const recommendedKey = `${ADMX_KEY}\\${RECOMMENDED_SUBKEY}`;
  if (recommended) {
    return [
      explain,
      'Not configured: the built-in default applies.',
      'This is a recommended value: it replaces the default, and the user may change it in Settings. The version in the Beacon category enforces the value instead (and wins when both are set).',
      `Registry: ${under(recommendedKey)}, in ${hives}.`,
    ].join('\n\n');
  }
  return [
    explain,
    'Not configured: the user decides; the default applies.',
    'This policy is enforced: the Settings screen shows it as "Managed by your organisation" and the user cannot change it. To only preset a value, use the version under "Default settings (users can override)".',
    `Registry: ${registry}, in ${hives}.`,
  ].join('\n\n');
}

/** For element text (attribute values here are all generated identifiers and numbers). */
function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** "SOFTWARE\\Policies\\Beacon" → "Software\\Policies\\Beacon", the spelling ADMX files use. */
function titleCaseSoftware(path: string): string {
  return path.replace(/^SOFTWARE\\/, 'Software\\');
}
