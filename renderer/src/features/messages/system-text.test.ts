import type { Message } from '@beacon/protocol';
import { describe, expect, it } from 'vitest';
import { systemText } from './system-text';

type Note = Pick<Message, 'body' | 'system'>;

const names: Record<string, string> = { a: 'Alice', b: 'Bob', c: 'Carol' };
const nameOf = (id: string) => names[id] ?? 'Unknown person';

describe('systemText', () => {
  it('builds the sentence from the event and known names', () => {
    const added: Note = {
      body: 'x',
      system: { action: 'added', actorId: 'a', userIds: ['b', 'c'], title: null },
    } as const;
    expect(systemText(added, nameOf, 'z')).toBe('Alice added Bob and Carol');
    expect(systemText(added, nameOf, 'b')).toBe('Alice added you and Carol');
    const renamed: Note = {
      body: 'x',
      system: { action: 'renamed', actorId: 'a', userIds: [], title: 'Ops' },
    } as const;
    expect(systemText(renamed, nameOf, 'a')).toBe('You renamed the group to “Ops”');
  });

  it('falls back to the body without an event', () => {
    expect(systemText({ body: 'Alice left', system: null }, nameOf, 'z')).toBe('Alice left');
  });
});
