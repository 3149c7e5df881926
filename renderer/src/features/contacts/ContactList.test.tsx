import '../../test/setup';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BOB, CAROL, presenceOf } from '../../test/fake-server';
import { setupSignedIn } from '../../test/render';
import { ContactList } from './ContactList';

describe('ContactList', () => {
  it('names each row with the person and the status word, available first', async () => {
    const ctx = await setupSignedIn();
    act(() =>
      ctx.store
        .getState()
        .applyPresences([presenceOf(BOB.id, 'busy', 10), presenceOf(CAROL.id, 'available', 10)]),
    );
    ctx.renderUi(<ContactList />);
    const list = screen.getByRole('list', { name: 'Contacts' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((item) => item.getAttribute('aria-label'))).toEqual([
      'Carol Chen, Available',
      'Bob Baker, Busy',
    ]);
  });

  it('updates a row live, with idle time and the status message', async () => {
    const ctx = await setupSignedIn();
    ctx.renderUi(<ContactList />);
    const now = Date.now() + ctx.store.getState().clockOffset;
    act(() =>
      ctx.store.getState().applyPresences([
        {
          userId: BOB.id,
          status: 'busy',
          message: 'In a meeting',
          idleSince: now - 12 * 60_000 - 5_000,
          updatedAt: 99,
        },
      ]),
    );
    expect(
      screen.getByRole('listitem', { name: 'Bob Baker, Busy, idle 12 min, In a meeting' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Busy')).toBeInTheDocument();
  });

  it('is one Tab stop; the arrow keys move between contacts', async () => {
    const ctx = await setupSignedIn();
    ctx.renderUi(<ContactList />);
    const rows = screen.getAllByRole('button');
    expect(rows.map((row) => row.tabIndex)).toEqual([0, -1]);
    act(() => rows[0]?.focus());
    await userEvent.keyboard('{ArrowDown}');
    await waitFor(() => expect(rows[1]).toHaveFocus());
    await userEvent.keyboard('{ArrowUp}');
    await waitFor(() => expect(rows[0]).toHaveFocus());
  });

  it('opens the direct conversation when a contact is clicked', async () => {
    const ctx = await setupSignedIn();
    ctx.renderUi(<ContactList />);
    act(() => screen.getByRole('button', { name: /Bob Baker/ }).click());
    await screen.findByRole('button', { name: /Bob Baker/, current: true });
    expect(ctx.socket.sent('conversation:open')[0]?.payload).toEqual({ memberIds: [BOB.id] });
  });
});
