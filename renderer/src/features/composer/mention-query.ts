import type { User } from '@beacon/protocol';
import { localPart } from '../messages/mentions';

/** The `@word` being typed just before the caret, or null. */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)@([\w.+-]*)$/.exec(before);
  if (!match) return null;
  const query = match[2] ?? '';
  return { start: caret - query.length - 1, query };
}

/** Members matching a query by e-mail local part or name (prefix matches first), at most `limit`. */
export function suggestMembers(members: readonly User[], query: string, limit = 6): User[] {
  const q = query.toLowerCase();
  const scored = members.flatMap((member) => {
    const local = localPart(member);
    const name = member.name.toLowerCase();
    if (local.startsWith(q) || name.startsWith(q)) return [{ member, score: 0 }];
    if (local.includes(q) || name.split(/\s+/).some((word) => word.startsWith(q)))
      return [{ member, score: 1 }];
    return [];
  });
  return scored
    .sort((a, b) => a.score - b.score || a.member.name.localeCompare(b.member.name))
    .slice(0, limit)
    .map((entry) => entry.member);
}

/** The text with the `@query` at `start` replaced by `@local-part ` and where the caret goes. */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  member: Pick<User, 'email'>,
): { text: string; caret: number } {
  const inserted = `@${localPart(member)} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}
