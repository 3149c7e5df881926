import '../../test/setup';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BridgeProvider } from '../../app/context';
import type { SettingKey, SettingsView } from '../../bridge';
import { FakeBridge } from '../../test/fake-bridge';
import { SettingsDialog } from './SettingsDialog';

/** A host whose settings are locked by the given policy sources (as main's resolveSettings reports). */
function hostWith(
  lockedBy: Partial<Record<SettingKey, string>>,
  locked = Object.keys(lockedBy) as SettingKey[],
) {
  const bridge = new FakeBridge();
  bridge.locked = locked;
  const view = (): SettingsView => ({ values: bridge.settings, locked: bridge.locked, lockedBy });
  bridge.getSettings = async () => view();
  return bridge;
}

async function open(bridge: FakeBridge) {
  render(
    <BridgeProvider bridge={bridge}>
      <SettingsDialog onClose={() => undefined} />
    </BridgeProvider>,
  );
  return screen.findByRole('dialog', { name: 'Settings' });
}

describe('SettingsDialog', () => {
  it('marks every locked setting "Managed by your organisation", whichever source locked it', async () => {
    const bridge = hostWith({
      launchAtLogin: 'Windows policy for this computer',
      autoUpdate: 'configuration profile for this Mac',
      idleMinutes: 'policy file',
      quietHours: 'Windows policy for your account',
    });
    const dialog = await open(bridge);

    const launch = await within(dialog).findByRole('checkbox', { name: 'Launch at login' });
    expect(launch).toBeDisabled();
    expect(launch).toHaveAccessibleDescription('Managed by your organisation');
    const update = within(dialog).getByRole('checkbox', { name: 'Install updates automatically' });
    expect(update).toBeDisabled();
    expect(update).toHaveAccessibleDescription('Managed by your organisation');
    const idle = within(dialog).getByRole('spinbutton', { name: /idle minutes/ });
    expect(idle).toBeDisabled();
    expect(idle).toHaveAccessibleDescription('Managed by your organisation');
    expect(within(dialog).getByRole('checkbox', { name: /Quiet hours/ })).toBeDisabled();

    const notes = within(dialog).getAllByText('Managed by your organisation');
    expect(notes).toHaveLength(4);
    expect(notes.map((note) => note.getAttribute('title')).sort()).toEqual([
      'Set by the Windows policy for this computer',
      'Set by the Windows policy for your account',
      'Set by the configuration profile for this Mac',
      'Set by the policy file',
    ]);

    // What is not locked stays editable and has no note.
    const sound = within(dialog).getByRole('checkbox', { name: 'Play a sound' });
    expect(sound).toBeEnabled();
    expect(sound).not.toHaveAccessibleDescription();
    await userEvent.click(sound);
    expect(bridge.settings.notificationSound).toBe(false);
  });

  it('still marks a locked setting when the host does not say which source locked it', async () => {
    const bridge = hostWith({}, ['flashTaskbar']);
    const dialog = await open(bridge);
    const flash = await within(dialog).findByRole('checkbox', { name: 'Flash the taskbar' });
    expect(flash).toBeDisabled();
    const note = within(dialog).getByText('Managed by your organisation');
    expect(note).not.toHaveAttribute('title');
    expect(flash).toHaveAccessibleDescription('Managed by your organisation');
  });

  it('shows no note at all without a policy', async () => {
    const dialog = await open(new FakeBridge());
    await within(dialog).findByRole('checkbox', { name: 'Launch at login' });
    expect(within(dialog).queryByText('Managed by your organisation')).toBeNull();
    for (const checkbox of within(dialog).getAllByRole('checkbox')) expect(checkbox).toBeEnabled();
  });

  it('says in the browser that idle time is counted inside this tab only', async () => {
    const web = hostWith({});
    web.host = 'web';
    const dialog = await open(web);
    const idle = within(dialog).getByLabelText('Set me to Away after this many idle minutes');
    expect(idle).toHaveAccessibleDescription(/counted inside this tab only/);
    cleanup();
    const desktop = await open(hostWith({}));
    expect(within(desktop).queryByText(/inside this tab only/)).toBeNull();
  });
});
