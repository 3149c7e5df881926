import '../../test/setup';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyLanguageSetting } from '../../i18n';
import { login } from './api';
import { SignInScreen } from './SignInScreen';

beforeEach(() => act(() => applyLanguageSetting('de')));
afterEach(() => act(() => applyLanguageSetting('system')));

describe('sign-in in German', () => {
  it('labels the form and reports missing fields in German', async () => {
    render(<SignInScreen initialServerUrl="" serverUrlLocked={false} onSignIn={async () => undefined} />);
    expect(screen.getByRole('heading', { name: 'Bei deinem Arbeitsbereich anmelden' })).toBeInTheDocument();
    expect(screen.getByLabelText('Passwort')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Anmelden' }));
    expect(screen.getByText('Gib die Adresse deines Beacon-Servers ein.')).toBeInTheDocument();
    expect(screen.getByText('Gib deine E-Mail-Adresse ein.')).toBeInTheDocument();
    expect(screen.getByText('Gib dein Passwort ein.')).toBeInTheDocument();
  });

  it('words sign-in failures in German', async () => {
    const refused = vi.fn(
      async () =>
        new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'bad' } }), { status: 401 }),
    );
    await expect(login('http://beacon.test', 'a@b.c', 'pw', refused)).rejects.toThrow(
      'E-Mail-Adresse oder Passwort ist falsch.',
    );
    const limited = vi.fn(async () => new Response('{}', { status: 429, headers: { 'retry-after': '1' } }));
    await expect(login('http://beacon.test', 'a@b.c', 'pw', limited)).rejects.toThrow(
      'Zu viele Anmeldeversuche. Versuche es in 1 Sekunde erneut.',
    );
  });
});
