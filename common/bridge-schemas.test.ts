import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  describeIssues,
  downloadIdSchema,
  downloadRequestSchema,
  externalUrlSchema,
  incomingMessageEventSchema,
  isExternalUrl,
  SETTING_KEYS,
  serverUrlSchema,
  storedSessionSchema,
  unreadSummarySchema,
  userSettingsPatchSchema,
  userSettingsSchema,
} from './bridge-schemas';

describe('bridge schemas', () => {
  it('accept the defaults and know every setting', () => {
    expect(userSettingsSchema.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
    expect(SETTING_KEYS.sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
  });

  it('validate a settings patch strictly, naming the field', () => {
    const result = userSettingsPatchSchema.safeParse({
      quietHours: { enabled: true, start: '7:00', end: '08:00' },
    });
    expect(result.success).toBe(false);
    if (!result.success)
      expect(describeIssues(result.error)).toBe('quietHours.start: must be a 24-hour time like 08:30');
    expect(userSettingsPatchSchema.safeParse({ unknown: 1 }).success).toBe(false);
    expect(userSettingsPatchSchema.parse({})).toEqual({});
  });

  it.each([
    ['https://chat.acme.test', true],
    ['http://127.0.0.1:7878', true],
    ['  https://chat.acme.test  ', true],
    ['ftp://chat.acme.test', false],
    ['javascript:alert(1)', false],
    ['chat.acme.test', false],
    ['', false],
  ])('server URL %j valid: %s', (url, valid) => {
    expect(serverUrlSchema.safeParse(url).success).toBe(valid);
  });

  it.each([
    ['https://example.com/x', true],
    ['mailto:bob@acme.test', true],
    ['mailto:', false],
    ['file:///etc/passwd', false],
    ['vbscript:msgbox', false],
  ])('external URL %j allowed: %s', (url, allowed) => {
    expect(isExternalUrl(url)).toBe(allowed);
    expect(externalUrlSchema.safeParse(url).success).toBe(allowed);
  });

  it('bound the sizes of what the renderer sends', () => {
    expect(
      incomingMessageEventSchema.safeParse({
        conversationId: 'c',
        conversationTitle: 't',
        senderName: 's',
        body: 'x'.repeat(10_001),
        sentAt: 1,
        mentionsMe: false,
      }).success,
    ).toBe(false);
    expect(
      storedSessionSchema.safeParse({
        serverUrl: 'https://a.test',
        token: '',
        userId: 'u',
        email: 'a@b.c',
        expiresAt: null,
      }).success,
    ).toBe(false);
  });

  it('require mentionsMe on an incoming message and the mention count in the unread summary', () => {
    const event = { conversationId: 'c', conversationTitle: 't', senderName: 's', body: 'hi', sentAt: 1 };
    expect(incomingMessageEventSchema.safeParse(event).success).toBe(false);
    expect(incomingMessageEventSchema.safeParse({ ...event, mentionsMe: true }).success).toBe(true);
    expect(unreadSummarySchema.safeParse({ total: 3, conversations: 2 }).success).toBe(false);
    expect(unreadSummarySchema.safeParse({ total: 3, conversations: 2, mentions: 1 }).success).toBe(true);
    const tooMany = unreadSummarySchema.safeParse({ total: 1, conversations: 1, mentions: 2 });
    expect(tooMany.success).toBe(false);
    if (!tooMany.success)
      expect(describeIssues(tooMany.error)).toBe('mentions: mentions must not exceed total');
  });

  it('accept a download request by file id and only ids main handed out', () => {
    expect(downloadRequestSchema.safeParse({ fileId: 'f1', name: 'report.pdf' }).success).toBe(true);
    expect(downloadRequestSchema.safeParse({ fileId: 'f1', name: '' }).success).toBe(false);
    expect(downloadRequestSchema.safeParse({ fileId: 'f1', name: 'a', url: 'x' }).success).toBe(false);
    expect(downloadIdSchema.safeParse('dl-3').success).toBe(true);
    expect(downloadIdSchema.safeParse('/home/alice/.ssh/id_rsa').success).toBe(false);
  });

  it('summarise many issues', () => {
    const result = userSettingsSchema.safeParse({});
    expect(result.success).toBe(false);
    if (!result.success) expect(describeIssues(result.error)).toMatch(/\(and \d+ more\)$/);
  });
});
