import '../test/setup';
import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyLanguageSetting } from '../i18n';
import { Dialog } from './Dialog';
import { PresenceDot } from './PresenceDot';

beforeEach(() => act(() => applyLanguageSetting('de')));
afterEach(() => act(() => applyLanguageSetting('system')));

describe('shared components in German', () => {
  it('names the dialog close button in German', () => {
    render(
      <Dialog title="Test" onClose={() => undefined}>
        body
      </Dialog>,
    );
    expect(screen.getByRole('button', { name: 'Schließen' })).toHaveAttribute('title', 'Schließen (Esc)');
  });

  it('titles a stale presence dot in German', () => {
    const { container } = render(<PresenceDot status="busy" stale />);
    expect(container.querySelector('.presence-dot')).toHaveAttribute(
      'title',
      'Beschäftigt (zuletzt bekannt)',
    );
  });
});
