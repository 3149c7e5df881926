import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse as parsePlist } from 'plist';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { DEFAULT_SETTINGS, SETTING_KEYS, userSettingsSchema } from '../../../common/bridge-schemas';
import { dword, key as regKey, sz } from '../policy-sources/fake-registry';
import { parseManagedPreferences } from '../policy-sources/managed-preferences';
import { parseRegistryPolicy, type RegistryKeyData, type RegistryValue } from '../policy-sources/registry';
import { policyTemplateFiles } from '.';
import { buildAdml, buildAdmx } from './admx';
import { POLICY_TEXT } from './descriptions';
import {
  buildExampleMobileconfig,
  EXAMPLE_MANDATORY,
  EXAMPLE_RECOMMENDED,
  EXAMPLE_UPDATE_URL,
} from './mobileconfig';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const ALL_POLICY_KEYS = [...SETTING_KEYS, 'updateUrl'];

const ARRAYS = new Set(['policy', 'category', 'string', 'presentation', 'definition']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: false,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ARRAYS.has(name),
});

type Xml = Record<string, unknown>;
const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** A registry value a policy writes, read back out of the ADMX. */
interface AdmxValue {
  policy: string;
  key: string;
  valueName: string;
  element: 'enabledValue' | 'boolean' | 'decimal' | 'text';
  min?: number;
  max?: number;
  maxLength?: number;
  required?: boolean;
}

function readAdmx(xml: string) {
  const root = parser.parse(xml).policyDefinitions as Xml;
  const policies = asArray((root.policies as Xml).policy) as Xml[];
  const values: AdmxValue[] = [];
  for (const policy of policies) {
    const name = policy.name as string;
    const key = policy.key as string;
    if (policy.valueName !== undefined) {
      const enabled = (policy.enabledValue as Xml).decimal as Xml;
      const disabled = (policy.disabledValue as Xml).decimal as Xml;
      expect([enabled.value, disabled.value], name).toEqual(['1', '0']);
      values.push({ policy: name, key, valueName: policy.valueName as string, element: 'enabledValue' });
    }
    const elements = (policy.elements ?? {}) as Record<string, Xml | Xml[]>;
    for (const [element, items] of Object.entries(elements)) {
      for (const item of asArray(items)) {
        const base = {
          policy: name,
          key: (item.key as string | undefined) ?? key,
          valueName: item.valueName as string,
        };
        if (element === 'decimal') {
          values.push({
            ...base,
            element,
            min: Number(item.minValue),
            max: Number(item.maxValue),
            required: item.required === 'true',
          });
        } else if (element === 'text') {
          values.push({
            ...base,
            element,
            maxLength: item.maxLength === undefined ? undefined : Number(item.maxLength),
            required: item.required === 'true',
          });
        } else if (element === 'boolean') {
          expect([(item.trueValue as Xml).decimal, (item.falseValue as Xml).decimal], name).toEqual([
            { value: '1' },
            { value: '0' },
          ]);
          values.push({ ...base, element });
        } else {
          throw new Error(`${name}: unexpected element ${element}`);
        }
      }
    }
  }
  return { root, policies, values };
}

/** Which registry value the schema says each (nested) setting needs, computed from zod directly. */
function expectedFromSchema(schema: z.ZodType, name: string): Omit<AdmxValue, 'policy' | 'key'>[] {
  let inner = schema;
  while (inner.type === 'nullable') inner = (inner as z.ZodNullable<z.ZodType>).unwrap();
  if (inner.type === 'boolean') return [{ valueName: name, element: 'enabledValue' }];
  if (inner.type === 'number') {
    const number = inner as z.ZodNumber;
    return [
      {
        valueName: name,
        element: 'decimal',
        min: number.minValue ?? NaN,
        max: number.maxValue ?? NaN,
        required: true,
      },
    ];
  }
  if (inner.type === 'string') {
    const maxLength = (inner as z.ZodString).maxLength ?? undefined;
    return [{ valueName: name, element: 'text', maxLength, required: true }];
  }
  if (inner.type === 'enum') {
    const maxLength = Math.max(...(inner as z.ZodEnum).options.map((option) => String(option).length));
    return [{ valueName: name, element: 'text', maxLength, required: true }];
  }
  throw new Error(`${name}: ${inner.type}`);
}

describe('the committed templates', () => {
  it('are what the generator produces now', async () => {
    for (const file of policyTemplateFiles()) {
      const committed = await readFile(join(ROOT, file.path), 'utf8').catch(() => '(missing)');
      expect(
        committed === file.content,
        `${file.path} is out of date: run npx tsx scripts/generate-policy-templates.ts and commit the result`,
      ).toBe(true);
    }
  });
});

describe('Beacon.admx and Beacon.adml', () => {
  const admx = buildAdmx();
  const adml = buildAdml();

  it('are well-formed XML', () => {
    expect(XMLValidator.validate(admx)).toBe(true);
    expect(XMLValidator.validate(adml)).toBe(true);
  });

  it('describe every setting and the update feed', () => {
    for (const key of ALL_POLICY_KEYS)
      expect((POLICY_TEXT as Record<string, unknown>)[key], key).toBeDefined();
    const { policies } = readAdmx(admx);
    const names = policies.map((policy) => policy.name);
    expect(new Set(names).size).toBe(names.length);
    for (const key of SETTING_KEYS) {
      expect(names).toContain(key);
      expect(names).toContain(`${key}_recommended`);
    }
    expect(names).toContain('updateUrl');
    expect(names).not.toContain('updateUrl_recommended');
    expect(names).toHaveLength(SETTING_KEYS.length * 2 + 1);
    for (const policy of policies) expect(policy.class, String(policy.name)).toBe('Both');
  });

  it('resolve every string and presentation the ADMX refers to in the ADML', () => {
    const resources = (parser.parse(adml).policyDefinitionResources as Xml).resources as Xml;
    const strings = new Map(
      (asArray((resources.stringTable as Xml).string) as Xml[]).map((entry) => [
        entry.id as string,
        entry['#text'],
      ]),
    );
    const presentations = new Map(
      (asArray((resources.presentationTable as Xml).presentation) as Xml[]).map((entry) => [
        entry.id as string,
        entry,
      ]),
    );
    const stringRefs = [...admx.matchAll(/\$\(string\.([^)]+)\)/g)].map((match) => match[1] as string);
    const presentationRefs = [...admx.matchAll(/\$\(presentation\.([^)]+)\)/g)].map(
      (match) => match[1] as string,
    );
    expect(stringRefs.length).toBeGreaterThan(SETTING_KEYS.length * 4);
    for (const id of stringRefs) {
      expect(strings.has(id), `string ${id}`).toBe(true);
      expect(String(strings.get(id)).trim(), `string ${id}`).not.toBe('');
    }
    // Each presentation control points at an element of a policy using that presentation.
    const { policies } = readAdmx(admx);
    for (const id of presentationRefs) {
      const presentation = presentations.get(id);
      expect(presentation, `presentation ${id}`).toBeDefined();
      const refIds = Object.entries(presentation ?? {})
        .filter(([tag]) => tag !== 'id')
        .flatMap(([, controls]) =>
          asArray(controls as Xml | Xml[]).map((control) => control.refId as string),
        );
      expect(refIds.length, `presentation ${id}`).toBeGreaterThan(0);
      const users = policies.filter((item) => item.presentation === `$(presentation.${id})`);
      expect(users.length, `policies using presentation ${id}`).toBeGreaterThan(0);
      for (const policy of users) {
        const elementIds = Object.values((policy.elements ?? {}) as Record<string, Xml | Xml[]>).flatMap(
          (items) => asArray(items).map((item) => item.id as string),
        );
        expect(refIds.sort(), `${policy.name} presentation`).toEqual(elementIds.sort());
      }
    }
    // Every policy with elements has a presentation.
    for (const policy of policies) {
      if (policy.elements !== undefined)
        expect(policy.presentation, String(policy.name)).toMatch(/^\$\(presentation\./);
    }
  });

  it('write, for each setting, the registry values the schema calls for', () => {
    const { values } = readAdmx(admx);
    for (const [prefix, suffix] of [
      ['Software\\Policies\\Beacon', ''],
      ['Software\\Policies\\Beacon\\Recommended', '_recommended'],
    ] as const) {
      for (const key of SETTING_KEYS) {
        const schema = userSettingsSchema.shape[key] as z.ZodType;
        const actual = values.filter((value) => value.policy === `${key}${suffix}`);
        if (schema.type === 'object') {
          const shape = (schema as z.ZodObject).shape as Record<string, z.ZodType>;
          const expected = Object.entries(shape).flatMap(([field, fieldSchema]) =>
            expectedFromSchema(fieldSchema, field).map((value) => ({
              ...value,
              // A boolean field is a <boolean> element of the policy, not the policy's own value.
              element: value.element === 'enabledValue' ? 'boolean' : value.element,
              policy: `${key}${suffix}`,
              key: `${prefix}\\${key}`,
            })),
          );
          expect(actual, key).toEqual(expected);
        } else {
          expect(actual, key).toEqual(
            expectedFromSchema(schema, key).map((value) => ({
              ...value,
              policy: `${key}${suffix}`,
              key: prefix,
            })),
          );
        }
      }
    }
    expect(values.filter((value) => value.policy === 'updateUrl')).toEqual([
      {
        policy: 'updateUrl',
        key: 'Software\\Policies\\Beacon',
        valueName: 'updateUrl',
        element: 'text',
        maxLength: 2048,
        required: true,
      },
    ]);
    expect(values.find((value) => value.valueName === 'idleMinutes')).toMatchObject({ min: 1, max: 480 });
  });

  it('round-trip: what the ADMX writes, the registry reader reads back as settings', () => {
    const { values } = readAdmx(admx);
    const sample: Record<string, unknown> = {
      ...structuredClone(DEFAULT_SETTINGS),
      ...EXAMPLE_MANDATORY,
      updateUrl: EXAMPLE_UPDATE_URL,
    };
    const registryFor = (pick: (value: AdmxValue) => number | undefined) => {
      // Keys relative to Software\Policies\Beacon, as a Group Policy client would write them.
      const tree: RegistryKeyData = regKey([]);
      for (const value of values) {
        const path = value.key.split('\\').slice(3);
        let node = tree;
        for (const part of path) {
          node.subkeys[part] ??= regKey([]);
          node = node.subkeys[part];
        }
        const settingKey = value.policy.replace(/_recommended$/, '');
        const settingValue =
          path.at(-1) === settingKey
            ? (sample[settingKey] as Record<string, unknown>)[value.valueName]
            : sample[settingKey];
        let written: RegistryValue;
        if (value.element === 'text') written = sz(value.valueName, String(settingValue));
        else if (value.element === 'decimal')
          written = dword(value.valueName, pick(value) ?? Number(settingValue));
        else written = dword(value.valueName, settingValue === true ? 1 : 0);
        node.values.push(written);
      }
      return tree;
    };

    const { updateUrl, ...settings } = sample;
    const layer = parseRegistryPolicy(registryFor(() => undefined));
    expect(layer.problems).toEqual([]);
    expect(layer.mandatory).toEqual(settings);
    expect(layer.recommended).toEqual(settings);
    expect(layer.updateUrl).toBe(updateUrl);

    // The ADMX limits are the schema's: each end is accepted, one past it is refused.
    expect(parseRegistryPolicy(registryFor((value) => value.max)).problems).toEqual([]);
    expect(parseRegistryPolicy(registryFor((value) => value.min)).problems).toEqual([]);
    const past = parseRegistryPolicy(registryFor((value) => (value.max ?? 0) + 1));
    const decimals = values.filter((value) => value.element === 'decimal');
    expect(past.problems).toHaveLength(decimals.length);
    expect(past.problems[0]).toMatch(/^idleMinutes: .*480; ignored$/);
  });
});

describe('the example configuration profile', () => {
  const mobileconfig = buildExampleMobileconfig();

  it('is a Configuration profile with one org.beacon.desktop payload, fixed UUIDs', () => {
    const profile = parsePlist(mobileconfig) as Record<string, unknown>;
    expect(profile.PayloadType).toBe('Configuration');
    expect(profile.PayloadUUID).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    const content = profile.PayloadContent as Record<string, unknown>[];
    expect(content).toHaveLength(1);
    expect(content[0]?.PayloadType).toBe('org.beacon.desktop');
    expect(content[0]?.PayloadUUID).not.toBe(profile.PayloadUUID);
    expect(buildExampleMobileconfig()).toBe(mobileconfig);
  });

  it('round-trip: every key of its payload passes the macOS reader', () => {
    const profile = parsePlist(mobileconfig) as { PayloadContent: Record<string, unknown>[] };
    const payload = profile.PayloadContent[0] ?? {};
    const layer = parseManagedPreferences(payload);
    expect(layer.problems).toEqual([]);
    expect(layer.mandatory).toEqual(EXAMPLE_MANDATORY);
    expect(layer.recommended).toEqual(EXAMPLE_RECOMMENDED);
    expect(layer.updateUrl).toBe(EXAMPLE_UPDATE_URL);
    const used = Object.keys(payload).filter((key) => !key.startsWith('Payload'));
    expect(used.sort()).toEqual([...Object.keys(EXAMPLE_MANDATORY), 'Recommended', 'updateUrl'].sort());
  });
});
