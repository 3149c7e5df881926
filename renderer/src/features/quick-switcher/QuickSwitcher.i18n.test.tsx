import '../../test/setup';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyLanguageSetting } from '../../i18n';
import { setupSignedIn } from '../../test/render';
import { QuickSwitcher } from './QuickSwitcher';

beforeEach(() => act(() => applyLanguageSetting('de')));
afterEach(() => act(() => applyLanguageSetting('system')));

describe('QuickSwitcher in German', () => {
  it('prompts and describes results in German', async () => {
    const ctx = await setupSignedIn();
    ctx.renderUi(<QuickSwitcher onClose={() => undefined} />);
    expect(screen.getByRole('dialog', { name: 'Schnellwechsel' })).toBeInTheDocument();
    expect(
      screen.getByText('Gib einen Namen ein, um eine Person oder Unterhaltung zu finden.'),
    ).toBeInTheDocument();
    const input = screen.getByRole('combobox', { name: 'Personen und Unterhaltungen suchen' });
    await userEvent.type(input, 'zzzz');
    expect(await screen.findByText('Keine Treffer für „zzzz“.')).toBeInTheDocument();
  });
});
