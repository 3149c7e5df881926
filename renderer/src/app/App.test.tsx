import '../test/setup';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { VirtuosoMockContext } from 'react-virtuoso';
import { describe, expect, it, vi } from 'vitest';
import { FakeBridge } from '../test/fake-bridge';
import { ALICE, FakeServer } from '../test/fake-server';
import { FakeSocket } from '../test/fake-socket';
import { App } from './App';

function jsonResponse(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function setup(
  options: {
    session?: boolean;
    loginStatus?: number;
    loginBody?: unknown;
    protocol?: 1 | 2;
    networkError?: boolean;
  } = {},
) {
  const bridge = new FakeBridge();
  bridge.serverUrl = 'http://beacon.test';
  if (options.session) {
    bridge.session = {
      serverUrl: 'http://beacon.test',
      token: 'saved',
      userId: ALICE.id,
      email: ALICE.email,
      expiresAt: null,
    };
  }
  const sockets: FakeSocket[] = [];
  const servers: FakeServer[] = [];
  const fetchImpl = vi.fn(async (url: string | URL | Request) => {
    if (String(url).endsWith('/api/auth/logout')) return jsonResponse(204, {});
    if (options.networkError) throw new TypeError('Failed to fetch');
    return jsonResponse(
      options.loginStatus ?? 200,
      options.loginBody ?? { token: 'fresh', user: ALICE, expiresAt: null },
    );
  });
  const transport = (serverUrl: string, token: string) => {
    const socket = new FakeSocket(serverUrl, token);
    sockets.push(socket);
    const server = new FakeServer(socket);
    server.protocol = options.protocol ?? 1;
    servers.push(server);
    return socket;
  };
  const user = userEvent.setup();
  render(
    <VirtuosoMockContext.Provider value={{ viewportHeight: 1_000, itemHeight: 48 }}>
      <App bridge={bridge} transport={transport} fetchImpl={fetchImpl as typeof fetch} />
    </VirtuosoMockContext.Provider>,
  );
  const connect = async () => {
    await waitFor(() => expect(sockets.length).toBeGreaterThan(0));
    const socket = sockets.at(-1) as FakeSocket;
    const server = servers.at(-1) as FakeServer;
    act(() => socket.open(server.ready()));
    await screen.findByRole('list', { name: 'Contacts' });
    return { socket, server };
  };
  return { bridge, sockets, fetchImpl, user, connect };
}

async function signIn(ctx: ReturnType<typeof setup>, password = 'beacon-demo') {
  await ctx.user.type(await screen.findByLabelText('Email'), 'alice@acme.test');
  await ctx.user.type(screen.getByLabelText('Password'), password);
  await ctx.user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('App: signing in', () => {
  it('offers Server (defaulting to the host), Email and Password', async () => {
    setup();
    expect(await screen.findByLabelText('Server')).toHaveValue('http://beacon.test');
    expect(screen.getByLabelText('Email')).toBeInTheDocument();
    expect(screen.getByLabelText('Password')).toBeInTheDocument();
  });

  it('says "Wrong email or password" and keeps the email', async () => {
    const ctx = setup({ loginStatus: 401, loginBody: { error: { code: 'unauthorized', message: 'bad' } } });
    await signIn(ctx, 'nope');
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password.');
    expect(screen.getByLabelText('Email')).toHaveValue('alice@acme.test');
    expect(screen.getByLabelText('Password')).toHaveValue('');
  });

  it('puts the focus in the main screen after signing in, not on the page body', async () => {
    const ctx = setup();
    await signIn(ctx);
    await ctx.connect();
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Search people' })),
    );
  });

  it('keeps the password after a network error, so trying again is one click', async () => {
    const ctx = setup({ networkError: true });
    await signIn(ctx);
    expect(await screen.findByRole('alert')).toHaveTextContent(/Cannot reach the server/);
    expect(screen.getByLabelText('Password')).toHaveValue('beacon-demo');
  });

  it('says "not a valid address" for a server address with spaces', async () => {
    const ctx = setup();
    const server = await screen.findByLabelText('Server');
    await ctx.user.clear(server);
    await ctx.user.type(server, 'not a url');
    await signIn(ctx);
    expect(await screen.findByText(/"not a url" is not a valid server address/)).toBeInTheDocument();
    expect(ctx.fetchImpl).not.toHaveBeenCalled();
  });

  it('explains a disabled account', async () => {
    const ctx = setup({
      loginStatus: 403,
      loginBody: { error: { code: 'forbidden', message: 'account disabled' } },
    });
    await signIn(ctx);
    expect(await screen.findByRole('alert')).toHaveTextContent(/account is disabled/);
  });

  it('checks the fields before asking the server', async () => {
    const ctx = setup();
    await ctx.user.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Enter your email address.')).toBeInTheDocument();
    expect(screen.getByText('Enter your password.')).toBeInTheDocument();
    expect(ctx.fetchImpl).not.toHaveBeenCalled();
  });

  it('signs in, remembers the session and the server, and connects with the token', async () => {
    const ctx = setup();
    await signIn(ctx);
    await ctx.connect();
    expect(ctx.bridge.session).toMatchObject({
      token: 'fresh',
      userId: ALICE.id,
      serverUrl: 'http://beacon.test',
    });
    expect(ctx.bridge.settings.serverUrl).toBe('http://beacon.test');
    expect(ctx.sockets[0]?.token).toBe('fresh');
    expect(screen.getByRole('combobox', { name: 'Status' })).toBeInTheDocument();
  });
});

describe('App: the session', () => {
  it('restores a saved session without asking for the password', async () => {
    const ctx = setup({ session: true });
    await ctx.connect();
    expect(ctx.sockets[0]?.token).toBe('saved');
    expect(screen.queryByLabelText('Password')).toBeNull();
  });

  it('goes back to sign-in with a message when the saved token is refused', async () => {
    const ctx = setup({ session: true });
    await waitFor(() => expect(ctx.sockets).toHaveLength(1));
    act(() => ctx.sockets[0]?.refuse('unauthorized'));
    expect(await screen.findByText('Your session has expired. Sign in again.')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveValue(ALICE.email);
    expect(ctx.bridge.session).toBeNull();
  });

  it('signs out: revokes the token, forgets the session, shows sign-in', async () => {
    const ctx = setup({ session: true });
    await ctx.connect();
    await ctx.user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(ctx.bridge.session).toBeNull();
    const logout = ctx.fetchImpl.mock.calls.find(([url]) => String(url).endsWith('/api/auth/logout'));
    expect(logout).toBeDefined();
  });
});

describe('App: main screen', () => {
  it('shows "Reconnecting…" while the connection is down', async () => {
    const ctx = setup({ session: true });
    const { socket, server } = await ctx.connect();
    expect(screen.queryByRole('status', { name: 'Reconnecting…' })).toBeNull();
    act(() => socket.drop());
    expect(screen.getByRole('status', { name: 'Reconnecting…' })).toHaveTextContent('Reconnecting…');
    act(() => socket.open(server.ready()));
    expect(screen.queryByRole('status', { name: 'Reconnecting…' })).toBeNull();
  });

  it('opens the quick switcher with Ctrl+K and closes it with Esc', async () => {
    const ctx = setup({ session: true });
    await ctx.connect();
    await ctx.user.keyboard('{Control>}k{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Quick switcher' });
    await ctx.user.keyboard('Bob');
    const option = await within(dialog).findByRole('option', { name: /Bob Baker/ });
    expect(option).toHaveAttribute('aria-selected', 'true');
    await ctx.user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Quick switcher' })).toBeNull();
  });

  it('jumps to a person from the quick switcher', async () => {
    const ctx = setup({ session: true });
    const { socket } = await ctx.connect();
    await ctx.user.keyboard('{Control>}k{/Control}');
    await screen.findByRole('dialog', { name: 'Quick switcher' });
    await ctx.user.keyboard('Carol');
    await screen.findByRole('option', { name: /Carol Chen/ });
    await ctx.user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { name: 'Carol Chen' })).toBeInTheDocument();
    expect(socket.sent('conversation:open')).toHaveLength(1);
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveFocus();
  });

  it('creates a group from the New group dialog', async () => {
    const ctx = setup({ session: true });
    const { socket } = await ctx.connect();
    await ctx.user.click(screen.getByRole('button', { name: 'New group' }));
    const dialog = await screen.findByRole('dialog', { name: 'New group' });
    const create = within(dialog).getByRole('button', { name: 'Create' });
    expect(create).toBeDisabled();
    await ctx.user.type(within(dialog).getByLabelText('Title'), 'Launch');
    await ctx.user.click(within(dialog).getByRole('checkbox', { name: 'Bob Baker' }));
    await ctx.user.click(within(dialog).getByRole('checkbox', { name: 'Carol Chen' }));
    await ctx.user.click(create);
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'New group' })).toBeNull());
    expect(socket.sent('conversation:open')[0]?.payload).toMatchObject({ kind: 'group', title: 'Launch' });
    expect(await screen.findByRole('heading', { name: 'Launch' })).toBeInTheDocument();
  });

  it('shows settings from the host with locked ones disabled', async () => {
    const ctx = setup({ session: true });
    ctx.bridge.locked = ['launchAtLogin'];
    await ctx.connect();
    await ctx.user.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    const launch = await within(dialog).findByRole('checkbox', { name: 'Launch at login' });
    expect(launch).toBeDisabled();
    expect(within(dialog).getByText('Managed by your organisation')).toBeInTheDocument();
    await ctx.user.click(within(dialog).getByRole('checkbox', { name: 'Play a sound' }));
    expect(ctx.bridge.settings.notificationSound).toBe(false);
  });

  it('applies status requests from the host and reports presence, unread and view', async () => {
    const ctx = setup({ session: true });
    const { socket } = await ctx.connect();
    act(() => ctx.bridge.requestStatus({ status: 'dnd' }));
    await waitFor(() => expect(socket.sent('presence:set')[0]?.payload).toEqual({ status: 'dnd' }));
    await waitFor(() =>
      expect(ctx.bridge.reportPresence).toHaveBeenLastCalledWith(expect.objectContaining({ status: 'dnd' })),
    );
    expect(ctx.bridge.reportUnread).toHaveBeenCalledWith({ total: 0, conversations: 0, mentions: 0 });
    expect(ctx.bridge.reportView).toHaveBeenLastCalledWith({ conversationId: null, status: 'dnd' });
  });

  it('sends the host’s device activity as device:activity, the current state first', async () => {
    const ctx = setup({ session: true, protocol: 2 });
    const { socket } = await ctx.connect();
    await waitFor(() =>
      expect(socket.sent('device:activity')[0]?.payload).toEqual(ctx.bridge.deviceActivity),
    );
    act(() => ctx.bridge.reportDeviceActivity({ state: 'locked', since: 42 }));
    await waitFor(() =>
      expect(socket.sent('device:activity').at(-1)?.payload).toEqual({ state: 'locked', since: 42 }),
    );
    expect(socket.sent('presence:set')).toHaveLength(0);
  });
});
