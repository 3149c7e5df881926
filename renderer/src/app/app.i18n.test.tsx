import '../test/setup';
import { act, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyLanguageSetting } from '../i18n';
import { setupSignedIn } from '../test/render';
import { MainScreen } from './MainScreen';

beforeEach(() => act(() => applyLanguageSetting('de')));
afterEach(() => act(() => applyLanguageSetting('system')));

describe('the main screen in German', () => {
  it('welcomes the user and names the sidebar in German', async () => {
    const ctx = await setupSignedIn();
    ctx.renderUi(<MainScreen onSignOut={() => undefined} />);
    expect(screen.getByRole('heading', { name: 'Willkommen, Alice' })).toBeInTheDocument();
    expect(screen.getByText(/Wähle links einen Kontakt/)).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Kontakte und Unterhaltungen' })).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /Zu einer Person oder Unterhaltung springen/ }),
    ).toBeInTheDocument();
  });
});
