import '../../test/setup';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { BridgeProvider } from '../../app/context';
import { applyLanguageSetting, i18n } from '../../i18n';
import { formatDayLabel } from '../../lib/time';
import { FakeBridge } from '../../test/fake-bridge';
import { SettingsDialog } from './SettingsDialog';

afterEach(() => act(() => applyLanguageSetting('system')));

describe('SettingsDialog in German', () => {
  it('renders German when the language is set to Deutsch', async () => {
    const bridge = new FakeBridge();
    render(
      <BridgeProvider bridge={bridge}>
        <SettingsDialog onClose={() => undefined} />
      </BridgeProvider>,
    );
    expect(await screen.findByRole('dialog', { name: 'Settings' })).toBeInTheDocument();
    expect(i18n.language).toBe('en');
    await userEvent.selectOptions(screen.getByLabelText('Language'), 'de');
    expect((await bridge.getSettings()).values.language).toBe('de');
    act(() => applyLanguageSetting('de'));
    expect(await screen.findByRole('dialog', { name: 'Einstellungen' })).toBeInTheDocument();
    expect(screen.getByLabelText('Sprache')).toHaveValue('de');
    expect(screen.getByText('Benachrichtigungen')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Fertig' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('de');
  });

  it('words days in German', () => {
    act(() => applyLanguageSetting('de'));
    const now = Date.now();
    expect(formatDayLabel(now, now)).toBe('Heute');
    expect(formatDayLabel(now - 86_400_000, now)).toBe('Gestern');
  });
});
