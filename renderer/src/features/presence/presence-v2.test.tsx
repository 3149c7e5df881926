import '../../test/setup';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { formatTime } from '../../lib/time';
import { BOB } from '../../test/fake-server';
import { setupSignedIn } from '../../test/render';
import { ContactList } from '../contacts/ContactList';
import { ConversationHeader } from '../conversations/ConversationHeader';
import { MyStatus } from './MyStatus';
import { PresenceAlerts } from './PresenceAlerts';

const noop = () => undefined;

describe('status with a duration (v2 server)', () => {
  it('sends "Busy for 1 hour" as presence:set with until, and shows the end', async () => {
    const ctx = await setupSignedIn({ protocol: 2 });
    const user = userEvent.setup();
    ctx.renderUi(<MyStatus onOpenSettings={noop} onSignOut={noop} />);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Busy');
    expect(ctx.socket.sent('presence:set')[0]?.payload).toEqual({ status: 'busy' });
    const duration = await screen.findByRole('combobox', { name: 'For how long' });
    expect(
      within(duration)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual([
      'Until I change it',
      'For 30 minutes',
      'For 1 hour',
      'For 2 hours',
      'Until end of day',
      'This week',
      'Custom date and time…',
    ]);
    await user.selectOptions(duration, 'For 1 hour');
    const sent = ctx.socket.sent('presence:set')[1]?.payload as { status: string; until: number };
    expect(sent.status).toBe('busy');
    const serverNow = Date.now() + ctx.store.getState().clockOffset;
    expect(Math.abs(sent.until - (serverNow + 3_600_000))).toBeLessThan(5_000);
    expect(await screen.findByText(`Until ${formatTime(sent.until)}`)).toBeInTheDocument();
  });

  it('refuses a custom end in the past and sends a future one', async () => {
    const ctx = await setupSignedIn({ protocol: 2 });
    const user = userEvent.setup();
    ctx.renderUi(<MyStatus onOpenSettings={noop} onSignOut={noop} />);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Do not disturb');
    await user.selectOptions(await screen.findByRole('combobox', { name: 'For how long' }), 'custom');
    const input = screen.getByLabelText('Until');
    await user.type(input, '2001-01-01T10:00');
    await user.click(screen.getByRole('button', { name: 'Set' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Choose a time in the future.');
    expect(ctx.socket.sent('presence:set')).toHaveLength(1);
    await user.clear(input);
    const next = new Date(Date.now() + 2 * 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    await user.type(input, `${next.getFullYear()}-${pad(next.getMonth() + 1)}-${pad(next.getDate())}T09:15`);
    await user.click(screen.getByRole('button', { name: 'Set' }));
    expect(ctx.socket.sent('presence:set')[1]?.payload).toEqual({
      status: 'dnd',
      until: new Date(next.getFullYear(), next.getMonth(), next.getDate(), 9, 15).getTime(),
    });
  });

  it('offers no durations to a v1 server, and shows the chosen status, not an automatic away', async () => {
    const ctx = await setupSignedIn();
    ctx.renderUi(<MyStatus onOpenSettings={noop} onSignOut={noop} />);
    expect(screen.queryByRole('combobox', { name: 'For how long' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Out of office…' })).toBeNull();
  });

  it('keeps a status chosen while disconnected, says so, and sends it on reconnect', async () => {
    const ctx = await setupSignedIn({ protocol: 2 });
    const user = userEvent.setup();
    ctx.renderUi(<MyStatus onOpenSettings={noop} onSignOut={noop} />);
    act(() => ctx.socket.drop());
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Busy');
    expect(await screen.findByText(/sent when the connection is back/)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveValue('busy');
    act(() => ctx.socket.open(ctx.server.ready()));
    await waitFor(() => expect(ctx.socket.sent('presence:set')[0]?.payload).toEqual({ status: 'busy' }));
    await waitFor(() => expect(screen.queryByText(/sent when the connection is back/)).toBeNull());
  });
});

describe('out of office (v2 server)', () => {
  it('sets first day, last day and note, shows it, and clears it', async () => {
    const ctx = await setupSignedIn({ protocol: 2 });
    const user = userEvent.setup();
    ctx.renderUi(<MyStatus onOpenSettings={noop} onSignOut={noop} />);
    await user.click(screen.getByRole('button', { name: 'Out of office…' }));
    const first = screen.getByLabelText('First day');
    const last = screen.getByLabelText('Last day');
    await user.clear(first);
    await user.type(first, '2030-12-02');
    await user.clear(last);
    await user.type(last, '2030-12-06');
    await user.type(screen.getByLabelText('Out-of-office note'), 'Back Monday');
    await user.click(screen.getByRole('button', { name: 'Save out of office' }));
    await waitFor(() =>
      expect(ctx.socket.sent('presence:out-of-office')[0]?.payload).toEqual({
        from: new Date(2030, 11, 2).getTime(),
        to: new Date(2030, 11, 7).getTime(),
        message: 'Back Monday',
      }),
    );
    const summary = await screen.findByRole('region', { name: 'Out of office' });
    expect(summary).toHaveTextContent('Back Monday');
    await user.click(screen.getByRole('button', { name: 'Clear out of office' }));
    await waitFor(() =>
      expect(ctx.socket.sent('presence:out-of-office')[1]?.payload).toEqual({ clear: true }),
    );
    expect(await screen.findByRole('button', { name: 'Out of office…' })).toBeInTheDocument();
  });
});

describe('presence of others', () => {
  it('shows "Busy until …" with the reason in the tooltip, and the full note', async () => {
    const ctx = await setupSignedIn({ protocol: 2 });
    ctx.renderUi(<ContactList />);
    const until = Date.now() + 3_600_000;
    const note = `Deep work on the quarterly report ${'x'.repeat(90)}`;
    act(() => {
      ctx.server.push(BOB.id, {
        status: 'busy',
        source: 'integration',
        activity: 'In a meeting (Calendar)',
        until,
        message: note,
      });
    });
    const row = await screen.findByRole('listitem', {
      name: new RegExp(`^${BOB.name}, Busy · In a meeting`),
    });
    expect(row).toHaveTextContent(`Busy · In a meeting (Calendar) until ${formatTime(until)}`);
    const card = row.querySelector('.person');
    expect(card?.getAttribute('title')).toContain('Busy: In a meeting (Calendar)');
    expect(card?.getAttribute('title')).toContain(`Note: ${note}`);
  });

  it('marks every presence as last known while disconnected, and clears it on reconnect', async () => {
    const ctx = await setupSignedIn({ protocol: 2 });
    ctx.renderUi(
      <>
        <MyStatus onOpenSettings={noop} onSignOut={noop} />
        <ContactList />
      </>,
    );
    await screen.findByRole('listitem', { name: `${BOB.name}, Available` });
    act(() => ctx.socket.drop());
    const stale = await screen.findByRole('listitem', {
      name: new RegExp(`^${BOB.name}, Available, last known · `),
    });
    expect(stale.querySelector('.person__word')).toHaveAttribute('data-stale', 'true');
    expect(stale.querySelector('.presence-dot')).toHaveAttribute('data-stale', 'true');
    act(() => ctx.socket.open(ctx.server.ready()));
    await screen.findByRole('listitem', { name: `${BOB.name}, Available` });
    expect(document.querySelector('[data-stale]')).toBeNull();
  });

  it('sorts contacts by availability group, then name', async () => {
    const ctx = await setupSignedIn({ protocol: 2 });
    ctx.renderUi(<ContactList />);
    act(() => {
      ctx.server.push(BOB.id, { status: 'away' });
    });
    await waitFor(() =>
      expect(
        within(screen.getByRole('list', { name: 'Contacts' }))
          .getAllByRole('listitem')
          .map((item) => item.getAttribute('aria-label')?.split(',')[0]),
      ).toEqual(['Carol Chen', 'Bob Baker']),
    );
  });
});

describe('Tell me when available', () => {
  it('watches someone who is not available and toasts the alert', async () => {
    const ctx = await setupSignedIn({ protocol: 2 });
    const user = userEvent.setup();
    const conversation = ctx.server.addConversation([ctx.server.me.id, BOB.id]);
    ctx.renderUi(
      <>
        <PresenceAlerts />
        <ConversationHeader conversation={conversation} />
      </>,
    );
    expect(screen.queryByRole('button', { name: 'Tell me when available' })).toBeNull();
    act(() => {
      ctx.server.push(BOB.id, { status: 'dnd' });
    });
    await user.click(await screen.findByRole('button', { name: 'Tell me when available' }));
    await waitFor(() => expect(ctx.server.watches.has(BOB.id)).toBe(true));
    expect(await screen.findByRole('button', { name: 'Cancel availability alert' })).toBeInTheDocument();
    act(() => {
      ctx.socket.serverEmit('presence:alert', {
        userId: BOB.id,
        presence: {
          userId: BOB.id,
          status: 'available',
          message: null,
          idleSince: null,
          updatedAt: Date.now(),
        },
      });
    });
    expect(await screen.findByText(`${BOB.name} is available now.`)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /availability alert|Tell me/ })).toBeNull();
  });
});
