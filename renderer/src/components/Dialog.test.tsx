import '../test/setup';
import { render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { ToastProvider, useToast } from '../app/toasts';
import { Dialog } from './Dialog';
import { LiveAnnouncerProvider } from './LiveAnnouncer';

function Page({ initiallyOpen = true, nested = false }: { initiallyOpen?: boolean; nested?: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  const [inner, setInner] = useState(nested);
  const toast = useToast();
  return (
    <main>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      {open && (
        <Dialog title="Settings" onClose={() => setOpen(false)}>
          <button type="button" onClick={() => toast('Saved')}>
            Save
          </button>
          {inner && (
            <Dialog title="Confirm" onClose={() => setInner(false)}>
              <p>Sure?</p>
            </Dialog>
          )}
        </Dialog>
      )}
    </main>
  );
}

function renderPage(props: { initiallyOpen?: boolean; nested?: boolean } = {}) {
  return render(
    <LiveAnnouncerProvider>
      <ToastProvider>
        <Page {...props} />
      </ToastProvider>
    </LiveAnnouncerProvider>,
  );
}

describe('Dialog', () => {
  it('makes the page behind it inert, but not the live regions, and restores it on close', async () => {
    const view = renderPage();
    const appRoot = view.container;
    expect(appRoot).toHaveAttribute('inert');
    const announcer = document.querySelector('.live-announcer');
    expect(announcer?.closest('[inert]')).toBeNull();
    expect(document.querySelector('.toasts')?.closest('[inert]')).toBeNull();

    screen.getByRole('button', { name: 'Save' }).click();
    expect(await screen.findByRole('alert')).toHaveTextContent('Saved');

    screen.getByRole('button', { name: 'Close' }).click();
    await screen.findByRole('button', { name: 'Open' });
    expect(appRoot).not.toHaveAttribute('inert');
  });

  it('nested: the inner dialog makes the outer one inert and gives it back when it closes', async () => {
    renderPage({ nested: true });
    const outer = screen.getByRole('dialog', { name: 'Settings', hidden: true });
    expect(outer.closest('.dialog-backdrop')?.hasAttribute('inert')).toBe(true);
    screen.getAllByRole('button', { name: 'Close' })[0]?.click();
    await screen.findByRole('button', { name: 'Save' });
    expect(outer.closest('.dialog-backdrop')?.hasAttribute('inert')).toBe(false);
  });
});
