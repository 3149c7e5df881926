import { PRESENCE_STATUSES } from '@beacon/protocol';
import { describe, expect, it } from 'vitest';
import { buildTrayModel, type TrayMenuItem } from './tray-model';

const labels = (menu: TrayMenuItem[]) => menu.map((item) => (item.type === 'separator' ? '—' : item.label));

describe('buildTrayModel', () => {
  it('shows status and unread count in the tooltip and icon', () => {
    const model = buildTrayModel({ status: 'busy', unread: 3 });
    expect(model.tooltip).toBe('Beacon — Busy · 3 unread');
    expect(model.icon).toBe('busy-unread');
  });

  it('has no unread part without unread messages', () => {
    const model = buildTrayModel({ status: 'available', unread: 0 });
    expect(model.tooltip).toBe('Beacon — Available');
    expect(model.icon).toBe('available');
  });

  it.each([
    ['available', 'Available'],
    ['busy', 'Busy'],
    ['dnd', 'Do not disturb'],
    ['away', 'Away'],
    ['offline', 'Appearing offline'],
  ] as const)('words %s as "%s"', (status, word) => {
    expect(buildTrayModel({ status, unread: 0 }).tooltip).toBe(`Beacon — ${word}`);
  });

  it('says why notifications are muted or hidden by the OS focus', () => {
    const muted = { doNotDisturb: true, presenting: false, name: 'Focus Assist' };
    expect(buildTrayModel({ status: 'available', unread: 0, osFocus: muted }).tooltip).toBe(
      'Beacon — Available · muted by Focus Assist',
    );
    expect(buildTrayModel({ status: 'busy', unread: 2, osFocus: { ...muted, name: 'Focus' } }).tooltip).toBe(
      'Beacon — Busy · 2 unread · muted by Focus',
    );
    expect(
      buildTrayModel({ status: 'available', unread: 0, osFocus: { doNotDisturb: false, presenting: true } })
        .tooltip,
    ).toBe('Beacon — Available · notifications hidden while presenting');
    expect(
      buildTrayModel({ status: 'available', unread: 0, osFocus: { doNotDisturb: true, presenting: true } })
        .tooltip,
    ).toBe('Beacon — Available · muted by the system’s Do not disturb');
    expect(buildTrayModel({ status: null, unread: 0, osFocus: muted }).tooltip).toBe(
      'Beacon — Not signed in',
    );
    expect(
      buildTrayModel({ status: 'available', unread: 0, osFocus: { doNotDisturb: null, presenting: null } })
        .tooltip,
    ).toBe('Beacon — Available');
  });

  it('gives the server’s reason from the v2 fields, before the unread count', () => {
    const clock = { now: Date.UTC(2026, 11, 1, 10, 0), locale: 'en-GB', timeZone: 'UTC' };
    const model = buildTrayModel({
      status: 'busy',
      unread: 2,
      presence: { source: 'integration', activity: 'On a call', until: Date.UTC(2026, 11, 1, 14, 30) },
      clock,
    });
    expect(model.tooltip).toBe('Beacon — Busy — On a call until 14:30 · 2 unread');
    expect(buildTrayModel({ status: null, unread: 0, presence: { source: 'idle' }, clock }).tooltip).toBe(
      'Beacon — Not signed in',
    );
  });

  it('checks the status the user chose (v2 `chosen`), the icon shows the effective one', () => {
    const model = buildTrayModel({
      status: 'away',
      unread: 0,
      presence: { source: 'idle', chosen: { status: 'available', message: null, until: null } },
    });
    expect(model.icon).toBe('away');
    expect(model.menu.find((item) => item.type === 'radio' && item.checked)).toMatchObject({
      label: 'Available',
    });
  });

  it('shows the mention count apart from plain unread, in the tooltip and the menu', () => {
    const model = buildTrayModel({ status: 'busy', unread: 3, mentions: 1 });
    expect(model.tooltip).toBe('Beacon — Busy · 3 unread, 1 mention');
    const summary = model.menu.find((item) => item.type === 'normal' && item.label === '3 unread, 1 mention');
    expect(summary).toMatchObject({ enabled: true, command: { kind: 'open' } });
    expect(labels(model.menu).indexOf('3 unread, 1 mention')).toBe(
      labels(model.menu).indexOf('Open Beacon') - 1,
    );
    expect(buildTrayModel({ status: 'busy', unread: 4, mentions: 2 }).tooltip).toBe(
      'Beacon — Busy · 4 unread, 2 mentions',
    );
    expect(labels(buildTrayModel({ status: 'busy', unread: 4 }).menu)).toContain('4 unread');
  });

  it('caps a huge unread count', () => {
    expect(buildTrayModel({ status: 'away', unread: 12345 }).tooltip).toBe('Beacon — Away · 999+ unread');
  });

  it('lists the statuses as radio items with the current one checked, then the actions', () => {
    const model = buildTrayModel({ status: 'dnd', unread: 0 });
    expect(labels(model.menu)).toEqual([
      'Available',
      'Busy',
      'Do not disturb',
      'Away',
      'Appear offline',
      'Set status message…',
      '—',
      'Open Beacon',
      '—',
      'Quit',
    ]);
    const radios = model.menu.filter((item) => item.type === 'radio');
    expect(radios).toHaveLength(PRESENCE_STATUSES.length);
    expect(radios.filter((item) => item.type === 'radio' && item.checked).map((item) => item.label)).toEqual([
      'Do not disturb',
    ]);
    expect(radios.every((item) => item.type === 'radio' && item.command.kind === 'set-status')).toBe(true);
  });

  it('maps every item to its command', () => {
    const model = buildTrayModel({ status: 'available', unread: 0 });
    const commands = model.menu.flatMap((item) => (item.type === 'separator' ? [] : [item.command]));
    expect(commands).toEqual([
      { kind: 'set-status', status: 'available' },
      { kind: 'set-status', status: 'busy' },
      { kind: 'set-status', status: 'dnd' },
      { kind: 'set-status', status: 'away' },
      { kind: 'set-status', status: 'offline' },
      { kind: 'edit-status-message' },
      { kind: 'open' },
      { kind: 'quit' },
    ]);
  });

  it('while signed out: grey icon, statuses disabled, Open and Quit still there', () => {
    const model = buildTrayModel({ status: null, unread: 0 });
    expect(model.tooltip).toBe('Beacon — Not signed in');
    expect(model.icon).toBe('offline');
    for (const item of model.menu) {
      if (item.type === 'separator') continue;
      const alwaysOn = item.label === 'Open Beacon' || item.label === 'Quit';
      expect(item.enabled, item.label).toBe(alwaysOn);
      if (item.type === 'radio') expect(item.checked).toBe(false);
    }
  });
});
