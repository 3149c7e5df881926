import { build, type PlistValue } from 'plist';
import type { UserSettings } from '../../../common/bridge';
import { BUNDLE_ID, RECOMMENDED_DICT } from '../policy-sources/managed-preferences';

/**
 * An example macOS configuration profile: one payload of type `org.beacon.desktop` whose keys
 * are the same policy keys as policy.json and the registry (mandatory at the top level,
 * recommended in a `Recommended` dictionary). The UUIDs are fixed so the output is
 * deterministic; an administrator should make new ones (uuidgen) for their own profile.
 */

export const EXAMPLE_MANDATORY: Partial<UserSettings> = {
  serverUrl: 'https://chat.example.com',
  idleMinutes: 10,
  autoUpdate: false,
  quietHours: { enabled: true, start: '19:00', end: '07:30' },
};

export const EXAMPLE_RECOMMENDED: Partial<UserSettings> = {
  notificationSound: false,
  launchAtLogin: true,
};

export const EXAMPLE_UPDATE_URL = 'https://updates.example.com/beacon/';

const PROFILE_UUID = '6A4B4C3E-2F0D-4E7B-9C1A-0B5E6A7D8C90';
const PAYLOAD_UUID = '0D2C8F51-7A36-4B9E-8E47-3C1F5A9B2D64';

export function buildExampleMobileconfig(): string {
  const payload: Record<string, PlistValue> = {
    PayloadType: BUNDLE_ID,
    PayloadVersion: 1,
    PayloadIdentifier: `${BUNDLE_ID}.policy.settings`,
    PayloadUUID: PAYLOAD_UUID,
    PayloadDisplayName: 'Beacon settings',
    PayloadDescription:
      'Settings for Beacon: the top-level keys are enforced, Recommended ones are defaults.',
    ...(EXAMPLE_MANDATORY as Record<string, PlistValue>),
    updateUrl: EXAMPLE_UPDATE_URL,
    [RECOMMENDED_DICT]: EXAMPLE_RECOMMENDED as Record<string, PlistValue>,
  };
  const profile: Record<string, PlistValue> = {
    PayloadContent: [payload],
    PayloadDisplayName: 'Beacon (example policy)',
    PayloadDescription:
      'Example Beacon policy: edit the values, make new UUIDs, then deploy it with your MDM.',
    PayloadIdentifier: `${BUNDLE_ID}.policy`,
    PayloadOrganization: 'Example Organisation',
    PayloadRemovalDisallowed: true,
    PayloadScope: 'System',
    PayloadType: 'Configuration',
    PayloadUUID: PROFILE_UUID,
    PayloadVersion: 1,
  };
  return `${build(profile)}\n`;
}
