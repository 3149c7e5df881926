import '../../test/setup';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { ALICE } from '../../test/fake-server';
import { setupSignedIn } from '../../test/render';
import { RecordingNoticeBanner } from './RecordingNoticeBanner';

const NOTICE = 'Messages in this organisation are recorded.';

beforeEach(() => localStorage.clear());

const banner = () => screen.queryByRole('region', { name: 'Recording' });

/** Signs in with the server sending `recordingNotice` and renders the banner beside a text field. */
async function signedInWith(recordingNotice: string | null | undefined) {
  const ctx = await setupSignedIn({ recordingNotice });
  const view = ctx.renderUi(
    <>
      <RecordingNoticeBanner />
      <input aria-label="Search people" id="directory-search" />
    </>,
  );
  return { ...ctx, view };
}

describe('RecordingNoticeBanner', () => {
  it("shows the organisation's text as given, without taking focus", async () => {
    const text = 'Alle Chats werden 7 Jahre archiviert.\nFragen: compliance@acme.test';
    const search = document.createElement('input');
    document.body.append(search);
    search.focus();
    await signedInWith(text);
    const region = banner();
    expect(region).toBeInTheDocument();
    expect(region?.querySelector('p')?.textContent).toBe(text);
    expect(screen.getByRole('heading', { name: 'Recording' })).toBeInTheDocument();
    expect(document.activeElement).toBe(search);
    search.remove();
  });

  it('hides for good once acknowledged, also after a reload', async () => {
    const first = await signedInWith(NOTICE);
    await userEvent.click(screen.getByRole('button', { name: 'Got it' }));
    expect(banner()).not.toBeInTheDocument();
    // Focus does not fall to the page: it goes on to the main screen.
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Search people' }));
    // A reconnect: the server says the same text again.
    act(() => first.socket.drop());
    act(() => first.socket.open(first.server.ready()));
    await waitFor(() => expect(first.store.getState().connection.status).toBe('online'));
    expect(banner()).not.toBeInTheDocument();
    first.view.unmount();
    first.client.stop();

    // A reload: a new store and client, the same server and user.
    const second = await signedInWith(NOTICE);
    expect(second.store.getState().recordingNotice).toBe(NOTICE);
    expect(banner()).not.toBeInTheDocument();
  });

  it('shows again when the organisation changes the text', async () => {
    const ctx = await signedInWith(NOTICE);
    await userEvent.click(screen.getByRole('button', { name: 'Got it' }));
    expect(banner()).not.toBeInTheDocument();

    act(() => ctx.socket.drop());
    ctx.server.recordingNotice = 'Messages are recorded and kept for 7 years.';
    act(() => ctx.socket.open(ctx.server.ready()));
    await waitFor(() => expect(banner()).toHaveTextContent('Messages are recorded and kept for 7 years.'));
  });

  it('is acknowledged per server and user', async () => {
    const ctx = await signedInWith(NOTICE);
    await userEvent.click(screen.getByRole('button', { name: 'Got it' }));
    act(() => ctx.store.getState().startSession('http://other.test', ALICE));
    expect(banner()).toBeInTheDocument();
    act(() => ctx.store.getState().startSession(ctx.socket.serverUrl, { ...ALICE, id: 'someone-else' }));
    expect(banner()).toBeInTheDocument();
    act(() => ctx.store.getState().startSession(ctx.socket.serverUrl, ALICE));
    expect(banner()).not.toBeInTheDocument();
  });

  it('hides in this tab when acknowledged in another', async () => {
    await signedInWith(NOTICE);
    expect(banner()).toBeInTheDocument();
    const seenKey = `beacon.recordingNoticeSeen:http://beacon.test|${ALICE.id}`;
    localStorage.setItem(seenKey, NOTICE);
    act(() => {
      window.dispatchEvent(new StorageEvent('storage', { key: seenKey, newValue: NOTICE }));
    });
    expect(banner()).not.toBeInTheDocument();
  });

  it('shows nothing when the notice is off or the server sends none', async () => {
    const off = await signedInWith(null);
    expect(off.store.getState().recordingNotice).toBeNull();
    expect(banner()).not.toBeInTheDocument();
    off.view.unmount();
    off.client.stop();

    const older = await signedInWith(undefined);
    expect(older.store.getState().recordingNotice).toBeNull();
    expect(banner()).not.toBeInTheDocument();
  });

  it('forgets the notice on sign-out', async () => {
    const ctx = await signedInWith(NOTICE);
    act(() => ctx.store.getState().reset());
    expect(ctx.store.getState().recordingNotice).toBeNull();
    expect(banner()).not.toBeInTheDocument();
  });
});
