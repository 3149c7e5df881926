import { afterEach, describe, expect, it } from 'vitest';
import { applyLanguageSetting } from '../i18n';
import { CommandError, describeError, describeSendFailure } from './errors';

afterEach(() => applyLanguageSetting('en'));

describe('describeError', () => {
  it('in English, shows the server’s own reason when it gave one', () => {
    applyLanguageSetting('en');
    expect(describeError(new CommandError('forbidden', 'only the sender can edit a message'))).toBe(
      'only the sender can edit a message',
    );
    expect(describeError(new CommandError('forbidden', ''))).toBe('You are not allowed to do that.');
    expect(describeError(new CommandError('timeout', 'No answer to message:edit within 10 s.'))).toBe(
      'The server did not answer in time. Try again.',
    );
    expect(describeError('boom')).toBe('Something went wrong. Try again.');
  });

  it('in German, says every code in German and never shows the English reason alone', () => {
    applyLanguageSetting('de');
    expect(describeError(new CommandError('forbidden', 'only the sender can edit a message'))).toBe(
      'Das darfst du nicht.',
    );
    expect(describeError(new CommandError('disconnected', 'Signed out.'))).toBe(
      'Du bist offline. Versuch es noch einmal, sobald Beacon wieder verbunden ist.',
    );
    expect(describeError(new CommandError('rate_limited', 'slow down'))).toBe(
      'Zu viele Anfragen. Warte einen Moment und versuch es dann noch einmal.',
    );
    expect(describeError(new CommandError('invalid', 'name is empty'))).toBe(
      'Der Server hat die Anfrage abgelehnt (name is empty).',
    );
    expect(describeError(new CommandError('not_found', ''))).toBe('Das gibt es nicht mehr.');
    expect(describeError(undefined)).toBe('Etwas ist schiefgelaufen. Versuch es noch einmal.');
  });
});

describe('describeSendFailure', () => {
  it('explains a refused message in the UI language', () => {
    applyLanguageSetting('en');
    expect(describeSendFailure('too_large', '')).toBe('Not sent: the message is too long.');
    expect(describeSendFailure('policy', 'external domains are blocked')).toBe(
      'Not sent: external domains are blocked.',
    );
    applyLanguageSetting('de');
    expect(describeSendFailure('too_large', '')).toBe('Nicht gesendet: Die Nachricht ist zu lang.');
    expect(describeSendFailure('forbidden', 'x')).toBe(
      'Nicht gesendet: Du bist kein Mitglied dieser Unterhaltung.',
    );
    expect(describeSendFailure('policy', '')).toBe('Nicht gesendet: von einer Richtlinie blockiert.');
    expect(describeSendFailure('weird', '')).toBe('Nicht gesendet.');
  });
});
