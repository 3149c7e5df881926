import '../../test/setup';
import type { Attachment } from '@beacon/protocol';
import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { applyLanguageSetting } from '../../i18n';
import { setupSignedIn } from '../../test/render';
import { AttachmentChip } from './AttachmentChip';
import { formatBytes } from './format';

afterEach(() => act(() => applyLanguageSetting('system')));

const file = (id: string, scan: Attachment['scan']): Attachment => ({
  id,
  name: `${id}.pdf`,
  size: 1536,
  mime: 'application/pdf',
  scan,
  thumbnail: false,
});

describe('AttachmentChip in German', () => {
  it('offers the download and tells the scan state in German', async () => {
    act(() => applyLanguageSetting('de'));
    const ctx = await setupSignedIn();
    ctx.renderUi(
      <ul>
        <AttachmentChip attachment={file('report', 'clean')} active />
        <AttachmentChip attachment={file('pending', 'pending')} active />
        <AttachmentChip attachment={file('virus', 'infected')} active />
      </ul>,
    );
    expect(screen.getByRole('button', { name: 'report.pdf herunterladen' })).toHaveTextContent(
      'Herunterladen',
    );
    expect(screen.getByText('Warten auf Virenprüfung…')).toBeInTheDocument();
    expect(screen.getByText('Blockiert: infiziert')).toBeInTheDocument();
    expect(screen.getAllByText('1,5 KB')).toHaveLength(3);
  });

  it('formats sizes with the German decimal comma', () => {
    act(() => applyLanguageSetting('de'));
    expect(formatBytes(1_468_006)).toBe('1,4 MB');
  });
});
