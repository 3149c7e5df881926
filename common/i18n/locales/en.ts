import { RENDERER_A_EN } from './renderer-a.en';
import { RENDERER_B_EN } from './renderer-b.en';

/**
 * English, the reference language: every other locale is typed from this shape (`Messages`),
 * so a key missing in a translation does not compile. Plurals use i18next's `_one`/`_other`
 * suffixes, chosen by `Intl.PluralRules` from `count`.
 */
export const en = {
  common: {
    cancel: 'Cancel',
    close: 'Close',
    save: 'Save',
    done: 'Done',
  },
  status: {
    available: 'Available',
    busy: 'Busy',
    dnd: 'Do not disturb',
    away: 'Away',
    offline: 'Offline',
  },
  statusMenu: {
    available: 'Available',
    busy: 'Busy',
    dnd: 'Do not disturb',
    away: 'Away',
    offline: 'Appear offline',
  },
  statusTooltip: {
    available: 'Available',
    busy: 'Busy',
    dnd: 'Do not disturb',
    away: 'Away',
    offline: 'Appearing offline',
  },
  unread: {
    short_one: '{{shown}} unread',
    short_other: '{{shown}} unread',
    long_one: '{{shown}} unread message',
    long_other: '{{shown}} unread messages',
    mentions_one: '{{shown}} mention',
    mentions_other: '{{shown}} mentions',
    withMentions: '{{unread}}, {{mentions}}',
  },
  tray: {
    tooltip: 'Beacon — {{status}}',
    notSignedIn: 'Not signed in',
    setStatusMessage: 'Set status message…',
    open: 'Open Beacon',
    quit: 'Quit',
    mutedBy: 'muted by {{name}}',
    mutedBySystem: 'muted by the system’s Do not disturb',
    hiddenWhilePresenting: 'notifications hidden while presenting',
    screenLocked: '{{label}} — screen locked',
    idle: '{{label}} — idle',
    withActivity: '{{label}} — {{activity}}',
    outOfOffice: 'Out of office',
    until: '{{text}} until {{until}}',
    dateAndTime: '{{date}}, {{time}}',
  },
  notifications: {
    mentionedYou: '{{sender}} mentioned you',
    mentionedYouIn: '{{sender}} mentioned you in {{conversation}}',
    youWereMentioned: 'You were mentioned',
    someone: 'Someone',
    newMessageFrom: 'New message from {{sender}}',
    newMessage: 'New message',
    senderAndText: '{{sender}}: {{text}}',
    downloaded: 'Downloaded {{name}}',
    showInFolder: 'Show in folder',
  },
  closeHint: {
    title: 'Beacon is still running',
    body: 'Beacon stays {{where}} so you remain reachable. Choose Quit from its menu to exit.',
    menuBar: 'in the menu bar',
    notificationArea: 'in the notification area',
    systemTray: 'in the system tray',
  },
  appMenu: {
    quit: 'Quit',
    quitBeacon: 'Quit Beacon',
    file: '&File',
    view: 'View',
    window: 'Window',
    openBeacon: 'Open Beacon',
    closeToTray: 'Close to tray',
  },
  settings: {
    title: 'Settings',
    loading: 'Loading settings…',
    readFailed: 'Could not read settings.',
    presence: 'Presence',
    dndDuringOsFocus: 'Set me to Do not disturb while Focus or Focus Assist is on',
    notifications: 'Notifications',
    notificationsEnabled: 'Show notifications for new messages',
    browserBlocks: 'Your browser blocks notifications for this site.',
    notificationSound: 'Play a sound',
    flashTaskbar: 'Flash the taskbar',
    quietHours: 'Quiet hours (no notifications)',
    from: 'From',
    to: 'To',
    desktop: 'Desktop',
    launchAtLogin: 'Launch at login',
    startHidden: 'Start hidden in the tray',
    autoUpdate: 'Install updates automatically',
    general: 'General',
    language: 'Language',
    languageSystem: 'System',
    languageEn: 'English',
    languageDe: 'Deutsch',
  },
  time: {
    today: 'Today',
    yesterday: 'Yesterday',
  },
  ...RENDERER_A_EN,
  ...RENDERER_B_EN,
};

export type Shape<T> = { readonly [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** What every locale provides: the keys of English, each a string. */
export type Messages = Shape<typeof en>;
