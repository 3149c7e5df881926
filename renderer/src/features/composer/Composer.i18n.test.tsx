import '../../test/setup';
import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { applyLanguageSetting } from '../../i18n';
import { ALICE, BOB } from '../../test/fake-server';
import { setupSignedIn } from '../../test/render';
import { Composer } from './Composer';

afterEach(() => act(() => applyLanguageSetting('system')));

describe('Composer in German', () => {
  it('labels the box, the buttons and the key hint in German', async () => {
    act(() => applyLanguageSetting('de'));
    const ctx = await setupSignedIn();
    const conversation = ctx.server.addConversation([ALICE.id, BOB.id]);
    await ctx.client.refreshConversations();
    ctx.renderUi(
      <Composer conversationId={conversation.id} recipientLabel="Bob Baker" onSent={() => undefined} />,
    );
    const box = screen.getByRole('textbox', { name: 'Nachricht' });
    expect(box).toHaveAttribute('placeholder', 'Nachricht an Bob Baker');
    expect(screen.getByRole('button', { name: 'Senden' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Dateien anhängen' })).toBeInTheDocument();
    expect(screen.getByText('Umschalt', { selector: 'kbd' })).toBeInTheDocument();
    expect(screen.getByText(/zum Erwähnen/)).toBeInTheDocument();
  });
});
