import '../../test/setup';
import { act, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyLanguageSetting } from '../../i18n';
import { setupSignedIn } from '../../test/render';
import { ConnectionBanner } from './ConnectionBanner';

beforeEach(() => act(() => applyLanguageSetting('de')));
afterEach(() => act(() => applyLanguageSetting('system')));

describe('ConnectionBanner in German', () => {
  it('says in German that it is reconnecting', async () => {
    const ctx = await setupSignedIn();
    ctx.renderUi(<ConnectionBanner />);
    act(() => ctx.store.getState().setConnection('reconnecting'));
    expect(screen.getByRole('status', { name: 'Verbindung wird wiederhergestellt…' })).toBeInTheDocument();
  });

  it('says in German why the server cannot be reached', async () => {
    const ctx = await setupSignedIn();
    ctx.renderUi(<ConnectionBanner />);
    act(() => ctx.store.getState().setConnection('reconnecting', 'unreachable'));
    expect(screen.getByText('Der Server ist nicht erreichbar.')).toBeInTheDocument();
    act(() => ctx.store.getState().setConnection('reconnecting', 'busy'));
    expect(screen.getByText('Der Server ist ausgelastet.')).toBeInTheDocument();
  });
});
