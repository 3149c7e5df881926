import '../../test/setup';
import { act, screen, within } from '@testing-library/react';
import { createRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyLanguageSetting } from '../../i18n';
import { ALICE, BOB, CAROL } from '../../test/fake-server';
import { settleVirtuoso, setupSignedIn } from '../../test/render';
import { Transcript, type TranscriptHandle } from './Transcript';
import { typingText } from './typing-text';

afterEach(() => act(() => applyLanguageSetting('system')));

describe('Transcript in German', () => {
  it('words the log, system notes, tombstones and reactions in German', async () => {
    act(() => applyLanguageSetting('de'));
    const ctx = await setupSignedIn();
    const id = ctx.server.addConversation([ALICE.id, BOB.id, CAROL.id], 'group', 'Team').id;
    ctx.server.store(id, ALICE.id, 'created', undefined, {
      kind: 'system',
      system: { action: 'added', actorId: ALICE.id, userIds: [CAROL.id], title: null },
    });
    ctx.server.store(id, BOB.id, 'first draft', undefined, { editedAt: Date.now() });
    ctx.server.store(id, BOB.id, '', undefined, { deletedAt: Date.now() });
    ctx.server.store(id, CAROL.id, 'agreed', undefined, { reactions: { '👍': [BOB.id, ALICE.id] } });
    await act(() => ctx.client.refreshConversations());
    act(() => ctx.client.showConversation(id));
    await vi.waitFor(() => expect(ctx.store.getState().timelines[id]?.status).toBe('ready'));
    ctx.renderUi(<Transcript conversationId={id} handleRef={createRef<TranscriptHandle>()} />);
    await settleVirtuoso();
    const log = screen.getByRole('log', { name: 'Nachrichten in Team' });
    expect(within(log).getByText('Du: Carol Chen hinzugefügt')).toHaveClass('system-note');
    expect(within(log).getByText('(bearbeitet)')).toHaveAttribute(
      'title',
      expect.stringMatching(/^Bearbeitet /),
    );
    expect(within(log).getByText('Diese Nachricht wurde gelöscht')).toBeInTheDocument();
    expect(within(log).getByRole('button', { name: '👍 2: Bob Baker, Du' })).toBeInTheDocument();
  });

  it('says who is typing in German', () => {
    act(() => applyLanguageSetting('de'));
    expect(typingText(['Bob'])).toBe('Bob schreibt…');
    expect(typingText(['Bob', 'Carol'])).toBe('Bob und Carol schreiben…');
    expect(typingText(['Bob', 'Carol', 'Dan'])).toBe('Mehrere Personen schreiben…');
  });
});
