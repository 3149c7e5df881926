import '../../test/setup';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { setupSignedIn } from '../../test/render';
import { SettingsDialog } from '../settings/SettingsDialog';
import { AboutDialog } from './AboutDialog';

const NOTICE = 'Messages in this organisation are recorded.';

beforeEach(() => localStorage.clear());

/** The About box's facts as "term: description" lines. */
function facts(dialog: HTMLElement): string[] {
  return [...dialog.querySelectorAll('dt')].map(
    (term) => `${term.textContent}: ${term.nextElementSibling?.textContent}`,
  );
}

describe('AboutDialog', () => {
  it('opens from Settings with the server, the signed-in user and the recording notice', async () => {
    const ctx = await setupSignedIn({ recordingNotice: NOTICE });
    ctx.renderUi(<SettingsDialog onClose={() => undefined} />);
    const open = screen.getByRole('button', { name: 'About Beacon' });
    await userEvent.click(open);
    const about = screen.getByRole('dialog', { name: 'About Beacon' });
    expect(within(about).getByText('Beacon')).toBeInTheDocument();
    expect(facts(about)).toEqual([
      'Server: http://beacon.test',
      'Signed in as: Alice Archer (alice@acme.test)',
      `Recording: ${NOTICE}`,
    ]);

    await userEvent.click(within(about).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog', { name: 'About Beacon' })).not.toBeInTheDocument();
    expect(screen.getByRole('dialog', { name: 'Settings' })).toBeInTheDocument();
    expect(document.activeElement).toBe(open);
  });

  it('closes with Esc, leaving Settings open', async () => {
    const ctx = await setupSignedIn({ recordingNotice: NOTICE });
    ctx.renderUi(<SettingsDialog onClose={() => undefined} />);
    await userEvent.click(screen.getByRole('button', { name: 'About Beacon' }));
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'About Beacon' })).not.toBeInTheDocument();
    expect(screen.getByRole('dialog', { name: 'Settings' })).toBeInTheDocument();
  });

  it('keeps the notice after its banner was acknowledged', async () => {
    const ctx = await setupSignedIn({ recordingNotice: NOTICE });
    localStorage.setItem(
      `beacon.recordingNoticeSeen:http://beacon.test|${ctx.store.getState().me?.id}`,
      NOTICE,
    );
    ctx.renderUi(<AboutDialog onClose={() => undefined} />);
    expect(facts(screen.getByRole('dialog', { name: 'About Beacon' }))).toContain(`Recording: ${NOTICE}`);
  });

  it('has no recording entry when the organisation sends no notice', async () => {
    const ctx = await setupSignedIn({ recordingNotice: null });
    ctx.renderUi(<AboutDialog onClose={() => undefined} />);
    const about = screen.getByRole('dialog', { name: 'About Beacon' });
    expect(facts(about)).toEqual([
      'Server: http://beacon.test',
      'Signed in as: Alice Archer (alice@acme.test)',
    ]);
  });
});
