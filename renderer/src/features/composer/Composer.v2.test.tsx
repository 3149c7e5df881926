import '../../test/setup';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ALICE, BOB, CAROL } from '../../test/fake-server';
import { setupSignedIn } from '../../test/render';
import { InMemoryDraftStorage } from '../drafts/draft-storage';
import { DraftsProvider } from '../drafts/drafts-context';
import type { Upload } from '../files/api';
import { Composer } from './Composer';

async function setup(drafts = new InMemoryDraftStorage()) {
  const ctx = await setupSignedIn();
  const conversation = ctx.server.addConversation([ALICE.id, BOB.id, CAROL.id], 'group', 'Team');
  await ctx.client.refreshConversations();
  const view = ctx.renderUi(
    <DraftsProvider storage={drafts}>
      <Composer
        conversationId={conversation.id}
        recipientLabel="Team"
        members={[BOB, CAROL]}
        onSent={vi.fn()}
      />
    </DraftsProvider>,
  );
  return { ...ctx, view, drafts, conversationId: conversation.id, user: userEvent.setup() };
}

describe('Composer: Messages v2', () => {
  it('autocompletes @mentions of members with the keyboard', async () => {
    const ctx = await setup();
    const box = screen.getByRole('textbox', { name: 'Message' });
    await ctx.user.type(box, 'hi @');
    const list = screen.getByRole('listbox', { name: 'Mention someone' });
    expect(
      within(list)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Bob Baker@bob', 'Carol Chen@carol']);
    await ctx.user.keyboard('{ArrowDown}');
    expect(within(list).getByRole('option', { name: /Carol/ })).toHaveAttribute('aria-selected', 'true');
    await ctx.user.keyboard('{Tab}');
    expect(box).toHaveValue('hi @carol ');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    await ctx.user.type(box, '@bo');
    await ctx.user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    await ctx.user.keyboard('{Enter}');
    expect(ctx.socket.sent('message:send')[0]?.payload).toMatchObject({ body: 'hi @carol @bo' });
  });

  it('shows the quoted message while replying; Esc cancels, sending carries replyToId', async () => {
    const ctx = await setup();
    const original = ctx.server.store(ctx.conversationId, BOB.id, 'lunch at noon?');
    act(() => ctx.client.showConversation(ctx.conversationId));
    await vi.waitFor(() => expect(ctx.store.getState().timelines[ctx.conversationId]?.status).toBe('ready'));
    await act(() => ctx.client.catchUp(ctx.conversationId));
    act(() => ctx.store.getState().setReplyingTo(ctx.conversationId, original.id));
    expect(screen.getByText('lunch at noon?')).toBeInTheDocument();
    const box = screen.getByRole('textbox', { name: 'Message' });
    await ctx.user.click(box);
    await ctx.user.keyboard('{Escape}');
    expect(screen.queryByText('lunch at noon?')).not.toBeInTheDocument();
    act(() => ctx.store.getState().setReplyingTo(ctx.conversationId, original.id));
    await ctx.user.type(box, 'yes{Enter}');
    expect(ctx.socket.sent('message:send')[0]?.payload).toMatchObject({
      replyToId: original.id,
      body: 'yes',
    });
    expect(ctx.store.getState().replyingTo[ctx.conversationId]).toBeNull();
  });

  it('uploads a picked file with progress and sends it as an attachment', async () => {
    const ctx = await setup();
    let progress: (fraction: number) => void = () => undefined;
    let finish: () => void = () => undefined;
    ctx.client.uploadFile = (file, onProgress): Upload => {
      progress = onProgress;
      return {
        abort: vi.fn(),
        done: new Promise((resolve) => {
          finish = () =>
            resolve({
              id: 'f1',
              name: file.name,
              size: file.size,
              mime: 'text/plain',
              sha256: 'a'.repeat(64),
              scan: 'pending',
              thumbnail: false,
            });
        }),
      };
    };
    ctx.server.files.set('f1', {
      id: 'f1',
      name: 'notes.txt',
      size: 5,
      mime: 'text/plain',
      scan: 'pending',
      thumbnail: false,
    });
    const input = ctx.view.container.querySelector<HTMLInputElement>(
      'input[type="file"]',
    ) as HTMLInputElement;
    await ctx.user.upload(input, new File(['hello'], 'notes.txt', { type: 'text/plain' }));
    act(() => progress(0.5));
    expect(screen.getByRole('progressbar', { name: 'Uploading notes.txt' })).toHaveValue(0.5);
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    await act(async () => finish());
    expect(screen.getByText('Waiting for virus scan…')).toBeInTheDocument();
    await ctx.user.click(screen.getByRole('button', { name: 'Send' }));
    expect(ctx.socket.sent('message:send')[0]?.payload).toMatchObject({
      attachments: ['f1'],
      body: 'notes.txt',
    });
  });

  it('flags a file the scan finds infected and never sends it, even when the verdict came first', async () => {
    const ctx = await setup();
    const record = (id: string, name: string) => ({
      id,
      name,
      size: 68,
      mime: 'text/plain',
      sha256: 'b'.repeat(64),
      scan: 'pending' as const,
      thumbnail: false,
    });
    const answers = new Map<string, () => void>();
    ctx.client.uploadFile = (file): Upload => ({
      abort: vi.fn(),
      done: new Promise((resolve) => {
        answers.set(file.name, () => resolve(record(file.name === 'eicar.txt' ? 'bad' : 'ok', file.name)));
      }),
    });
    const input = ctx.view.container.querySelector<HTMLInputElement>(
      'input[type="file"]',
    ) as HTMLInputElement;
    await ctx.user.upload(input, [new File(['x'], 'eicar.txt'), new File(['y'], 'notes.txt')]);
    // The verdict (file:scanned) overtakes the upload's own answer.
    act(() => ctx.store.getState().applyFileScanned({ ...record('bad', 'eicar.txt'), scan: 'infected' }));
    await act(async () => {
      for (const answer of answers.values()) answer();
    });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Blocked: a virus was found. This file will not be sent.',
    );
    await ctx.user.click(screen.getByRole('button', { name: 'Send' }));
    expect(ctx.socket.sent('message:send')[0]?.payload).toMatchObject({
      attachments: ['ok'],
      body: 'notes.txt',
    });
  });

  it('accepts dropped files', async () => {
    const ctx = await setup();
    const uploaded: string[] = [];
    ctx.client.uploadFile = (file): Upload => {
      uploaded.push(file.name);
      return { abort: vi.fn(), done: new Promise(() => undefined) };
    };
    const form = screen.getByRole('textbox', { name: 'Message' }).closest('form') as HTMLFormElement;
    fireEvent.drop(form, { dataTransfer: { files: [new File(['x'], 'drop.png', { type: 'image/png' })] } });
    expect(uploaded).toEqual(['drop.png']);
  });

  it('keeps the draft in the draft storage and restores it', async () => {
    const drafts = new InMemoryDraftStorage();
    const first = await setup(drafts);
    await first.user.type(screen.getByRole('textbox', { name: 'Message' }), 'unfinished');
    expect(await drafts.load(first.conversationId)).toBe('unfinished');
    first.view.unmount();
    first.renderUi(
      <DraftsProvider storage={drafts}>
        <Composer conversationId={first.conversationId} recipientLabel="Team" onSent={vi.fn()} />
      </DraftsProvider>,
    );
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('unfinished'));
  });
});
