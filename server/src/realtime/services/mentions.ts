/** A member as mention resolution sees them. */
export interface MentionCandidate {
  id: string;
  /** `local@domain`. */
  email: string;
}

// `@` not inside a word or an address ("alice@acme.test" mentions nobody), then an e-mail local part.
const MENTION = /(?<![\p{L}\p{N}_.+\-@])@([\p{L}\p{N}_.+-]+)/gu;
/** Sentence punctuation after a mention ("thanks @bob.") is not part of it. */
const TRAILING = /[.\-_+]+$/u;

/**
 * The ids of the members whose e-mail local part is `@mentioned` in `body` (case-insensitive),
 * in order of first mention, without duplicates and never the sender.
 */
export function resolveMentions(
  body: string,
  members: readonly MentionCandidate[],
  senderId: string,
): string[] {
  if (!body.includes('@')) return [];
  const byLocalPart = new Map<string, string>();
  for (const member of members) {
    const at = member.email.lastIndexOf('@');
    const localPart = (at < 0 ? member.email : member.email.slice(0, at)).toLowerCase();
    if (member.id !== senderId && !byLocalPart.has(localPart)) byLocalPart.set(localPart, member.id);
  }
  const mentioned: string[] = [];
  for (const match of body.matchAll(MENTION)) {
    const token = (match[1] ?? '').replace(TRAILING, '').toLowerCase();
    const id = byLocalPart.get(token);
    if (id !== undefined && !mentioned.includes(id)) mentioned.push(id);
  }
  return mentioned;
}
