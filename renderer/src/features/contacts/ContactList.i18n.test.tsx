import '../../test/setup';
import { act, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyLanguageSetting } from '../../i18n';
import { BOB, CAROL, presenceOf } from '../../test/fake-server';
import { setupSignedIn } from '../../test/render';
import { ContactList } from './ContactList';

beforeEach(() => act(() => applyLanguageSetting('de')));
afterEach(() => act(() => applyLanguageSetting('system')));

describe('ContactList in German', () => {
  it('names the list and each row in German', async () => {
    const ctx = await setupSignedIn();
    act(() =>
      ctx.store
        .getState()
        .applyPresences([presenceOf(BOB.id, 'busy', 10), presenceOf(CAROL.id, 'available', 10)]),
    );
    ctx.renderUi(<ContactList />);
    expect(screen.getByRole('heading', { name: 'Kontakte' })).toBeInTheDocument();
    const list = screen.getByRole('list', { name: 'Kontakte' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.getAttribute('aria-label')),
    ).toEqual(['Carol Chen, Verfügbar', 'Bob Baker, Beschäftigt']);
    expect(within(list).getAllByRole('button')[0]).toHaveAttribute('title', 'Chat mit Carol Chen');
  });
});
