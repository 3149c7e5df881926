import type { User } from '@beacon/protocol';

export type BodySegment = { kind: 'text'; text: string } | { kind: 'mention'; text: string; userId: string };

const MENTION = /(^|[^\w@])@([\w.+-]*\w)/g;

/** The e-mail local part a mention is written with (`@bob` for bob@acme.com). */
export function localPart(user: Pick<User, 'email'>): string {
  return user.email.split('@')[0]?.toLowerCase() ?? '';
}

/**
 * Splits a body into text and `@local-part` mentions of the given members. Only members count, as
 * the server resolves mentions among members; an unknown `@word` stays plain text.
 */
export function splitMentions(body: string, members: readonly User[]): BodySegment[] {
  const byLocal = new Map(members.map((member) => [localPart(member), member.id]));
  const segments: BodySegment[] = [];
  let last = 0;
  for (const match of body.matchAll(MENTION)) {
    const prefix = match[1] ?? '';
    const name = match[2] ?? '';
    const userId = byLocal.get(name.toLowerCase());
    if (!userId) continue;
    const start = (match.index ?? 0) + prefix.length;
    if (start > last) segments.push({ kind: 'text', text: body.slice(last, start) });
    segments.push({ kind: 'mention', text: `@${name}`, userId });
    last = start + name.length + 1;
  }
  if (last < body.length) segments.push({ kind: 'text', text: body.slice(last) });
  return segments;
}
