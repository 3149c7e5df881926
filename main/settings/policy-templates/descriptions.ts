import type { PolicyKey } from '../policy-schema';

/**
 * What each policy means, for administrators: the one place to describe a setting for the ADMX/
 * ADML templates. A new setting key without an entry here does not compile, so it cannot ship
 * undocumented.
 */
export interface PolicyText {
  /** The policy's name in the Group Policy editor. */
  title: string;
  /** The Group Policy editor's help text: what enabling and disabling do. */
  explain: string;
  /** The label of the value box (numbers and strings). */
  label?: string;
  /** Labels of an object setting's fields, by field name. */
  fields?: Record<string, string>;
}

export const POLICY_TEXT: Readonly<Record<PolicyKey, PolicyText>> = {
  idleMinutes: {
    title: 'Minutes of inactivity before the device counts as idle',
    explain:
      'Sets after how many minutes without keyboard or mouse input Beacon reports this device as idle (1 to 480); the Beacon server shows the user as Away when all their devices are idle, locked or asleep.',
    label: 'Minutes:',
  },
  notificationsEnabled: {
    title: 'Show desktop notifications',
    explain:
      'Enabled: Beacon shows a desktop notification for each new message. Disabled: Beacon never shows notifications.',
  },
  notificationSound: {
    title: 'Play a notification sound',
    explain: 'Enabled: notifications play a sound. Disabled: notifications are silent.',
  },
  quietHours: {
    title: 'Quiet hours',
    explain:
      'A daily Do-not-disturb schedule during which Beacon shows no notifications. The times are 24-hour HH:MM; the period may run past midnight (18:00 to 08:00).',
    fields: { enabled: 'Quiet hours on', start: 'From (HH:MM):', end: 'To (HH:MM):' },
  },
  launchAtLogin: {
    title: 'Start Beacon at sign-in',
    explain:
      'Enabled: Beacon starts when the user signs in to the computer. Disabled: it does not start by itself.',
  },
  startHidden: {
    title: 'Start hidden in the notification area',
    explain:
      'Enabled: when Beacon starts at sign-in it stays in the notification area (tray) without opening a window. Disabled: it opens its window.',
  },
  flashTaskbar: {
    title: 'Flash the taskbar for new messages',
    explain: 'Enabled: the taskbar button flashes when a message arrives. Disabled: it never flashes.',
  },
  dndDuringOsFocus: {
    title: 'Do not disturb during Focus Assist',
    explain:
      "Enabled: while the operating system's Focus Assist (macOS: Focus) is on, Beacon reports it to the Beacon server, which shows the user as Do not disturb until it ends. Disabled: Focus Assist does not change the Beacon status (it still mutes Beacon's notifications on this computer).",
  },
  autoUpdate: {
    title: 'Install updates automatically',
    explain:
      'Enabled: Beacon downloads updates in the background and installs them when it quits. Disabled: Beacon never updates itself (deploy new versions yourself).',
  },
  serverUrl: {
    title: 'Beacon server',
    explain:
      'The address of the Beacon server (https://…). As a mandatory policy the user cannot connect anywhere else; as a recommended one it is offered at sign-in.',
    label: 'Server address:',
  },
  language: {
    title: 'Language',
    explain:
      'The language of the Beacon window, tray menu and notifications: "system" follows the operating system\'s languages, "en" is English, "de" is German.',
    label: 'Language (system, en or de):',
  },
  updateUrl: {
    title: 'Update feed',
    explain:
      'The address of a generic update feed (a folder with latest.yml and the installers) used instead of the one built into the app, e.g. a mirror inside your network.',
    label: 'Feed address:',
  },
};

export function policyText(key: PolicyKey): PolicyText {
  return POLICY_TEXT[key];
}
