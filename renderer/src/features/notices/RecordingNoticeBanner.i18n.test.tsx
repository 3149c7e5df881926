import '../../test/setup';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyLanguageSetting } from '../../i18n';
import { setupSignedIn } from '../../test/render';
import { SettingsDialog } from '../settings/SettingsDialog';
import { RecordingNoticeBanner } from './RecordingNoticeBanner';

const NOTICE = 'Messages in this organisation are recorded.';

beforeEach(() => {
  localStorage.clear();
  act(() => applyLanguageSetting('de'));
});
afterEach(() => act(() => applyLanguageSetting('system')));

describe('the recording notice in German', () => {
  it("words the banner's chrome in German and the organisation's text as given", async () => {
    const ctx = await setupSignedIn({ recordingNotice: NOTICE });
    ctx.renderUi(<RecordingNoticeBanner />);
    const region = screen.getByRole('region', { name: 'Aufzeichnung' });
    expect(region).toHaveTextContent(NOTICE);
    await userEvent.click(screen.getByRole('button', { name: 'Verstanden' }));
    expect(screen.queryByRole('region', { name: 'Aufzeichnung' })).not.toBeInTheDocument();
  });

  it('opens „Über Beacon“ from the settings, with the notice', async () => {
    const ctx = await setupSignedIn({ recordingNotice: NOTICE });
    ctx.renderUi(<SettingsDialog onClose={() => undefined} />);
    await userEvent.click(screen.getByRole('button', { name: 'Über Beacon' }));
    const about = screen.getByRole('dialog', { name: 'Über Beacon' });
    expect(about).toHaveTextContent('Angemeldet als');
    expect(about).toHaveTextContent(`Aufzeichnung${NOTICE}`);
  });
});
