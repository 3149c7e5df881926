import '../../test/setup';
import { act, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyLanguageSetting } from '../../i18n';
import { setupSignedIn } from '../../test/render';
import { MyStatus } from './MyStatus';
import { presenceAnnouncement } from './use-presence-announcements';

beforeEach(() => act(() => applyLanguageSetting('de')));
afterEach(() => act(() => applyLanguageSetting('system')));

describe('presence in German', () => {
  it('offers the statuses and the note field in German', async () => {
    const ctx = await setupSignedIn({ protocol: 2 });
    ctx.renderUi(<MyStatus onOpenSettings={() => undefined} onSignOut={() => undefined} />);
    const select = screen.getByRole('combobox', { name: 'Status' });
    expect(
      within(select)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Verfügbar', 'Beschäftigt', 'Nicht stören', 'Abwesend', 'Offline anzeigen']);
    expect(screen.getByRole('textbox', { name: 'Persönliche Notiz' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Abmelden' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Außer Haus…' })).toBeInTheDocument();
  });

  it('announces status changes in German, with a plural count', () => {
    const changes = ['Bob', 'Carol', 'Dan', 'Eve', 'Fay'].map((name) => ({ name, phrase: 'Abwesend' }));
    expect(presenceAnnouncement(changes.slice(0, 1))).toBe('Bob ist jetzt Abwesend');
    expect(presenceAnnouncement(changes.slice(0, 4))).toContain(
      'Bei 1 weiteren Person hat sich der Status geändert',
    );
    expect(presenceAnnouncement(changes)).toContain('Bei 2 weiteren Personen hat sich der Status geändert');
  });
});
