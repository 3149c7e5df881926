import '../../test/setup';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { applyLanguageSetting } from '../../i18n';
import { ALICE, BOB, CAROL } from '../../test/fake-server';
import { setupSignedIn } from '../../test/render';
import { ConversationList } from './ConversationList';
import { GroupMemberList } from './GroupMemberList';

afterEach(() => act(() => applyLanguageSetting('system')));

describe('conversations in German', () => {
  it('names the rows, counts unread and members in German', async () => {
    act(() => applyLanguageSetting('de'));
    const ctx = await setupSignedIn();
    const direct = ctx.server.addConversation([ALICE.id, BOB.id]);
    const group = ctx.server.addConversation([ALICE.id, BOB.id, CAROL.id], 'group', 'Launch');
    ctx.server.addConversation([ALICE.id, BOB.id, CAROL.id], 'group', 'Quiet');
    for (const body of ['one', 'see you at 3']) ctx.server.store(direct.id, BOB.id, body);
    ctx.server.store(group.id, ALICE.id, 'agenda attached');
    await act(() => ctx.client.refreshConversations());
    ctx.renderUi(<ConversationList onNewGroup={() => undefined} />);
    expect(screen.getByRole('list', { name: 'Unterhaltungen' })).toBeInTheDocument();
    expect(
      screen.getByRole('listitem', { name: 'Bob Baker, 2 ungelesen, see you at 3' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('listitem', { name: 'Launch, Gruppe, Du: agenda attached' })).toBeInTheDocument();
    expect(screen.getByText('3 Mitglieder')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Neue Gruppe' })).toBeInTheDocument();
  });

  it('manages a group in German', async () => {
    act(() => applyLanguageSetting('de'));
    const ctx = await setupSignedIn();
    const group = ctx.server.addConversation([ALICE.id, BOB.id], 'group', 'Launch');
    await act(() => ctx.client.refreshConversations());
    const conversation = ctx.store.getState().conversations[group.id];
    if (!conversation) throw new Error('group not loaded');
    ctx.renderUi(<GroupMemberList conversation={conversation} meId={ALICE.id} />);
    expect(screen.getByRole('list', { name: 'Mitglieder' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Bob Baker entfernen' })).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Gruppe verlassen' }));
    const dialog = screen.getByRole('dialog', { name: 'Launch verlassen?' });
    expect(within(dialog).getByRole('button', { name: 'Abbrechen' })).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Verlassen' })).toBeInTheDocument();
  });
});
