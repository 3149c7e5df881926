import '../../test/setup';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { applyLanguageSetting } from '../../i18n';
import { ALICE, BOB, CAROL } from '../../test/fake-server';
import { setupSignedIn } from '../../test/render';
import { MessageSearch } from './MessageSearch';

afterEach(() => act(() => applyLanguageSetting('system')));

describe('MessageSearch in German', () => {
  it('titles the dialog and counts the results in German', async () => {
    act(() => applyLanguageSetting('de'));
    const ctx = await setupSignedIn();
    const team = ctx.server.addConversation([ALICE.id, BOB.id, CAROL.id], 'group', 'Team');
    ctx.server.store(team.id, BOB.id, 'the budget is due Friday');
    ctx.server.store(team.id, CAROL.id, 'budget approved');
    await act(() => ctx.client.refreshConversations());
    act(() => ctx.store.getState().openMessageSearch(team.id));
    ctx.renderUi(<MessageSearch />);
    const dialog = screen.getByRole('dialog', { name: 'In Team suchen' });
    await userEvent.setup().type(within(dialog).getByRole('combobox'), 'budget');
    expect(within(dialog).getByRole('listbox', { name: 'Ergebnisse' })).toBeInTheDocument();
    await waitFor(() => expect(within(dialog).getByRole('status')).toHaveTextContent('2 Nachrichten'));
  });
});
