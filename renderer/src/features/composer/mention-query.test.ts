import { describe, expect, it } from 'vitest';
import { ALICE, BOB, CAROL } from '../../test/fake-server';
import { insertMention, mentionQueryAt, suggestMembers } from './mention-query';

describe('mention autocomplete', () => {
  it('finds the @word before the caret, not inside an e-mail address', () => {
    expect(mentionQueryAt('hi @bo', 6)).toEqual({ start: 3, query: 'bo' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('mail bob@acme', 13)).toBeNull();
  });

  it('suggests members by local part or name, prefix matches first', () => {
    expect(suggestMembers([ALICE, BOB, CAROL], 'c').map((user) => user.id)).toEqual([CAROL.id, ALICE.id]);
    expect(suggestMembers([ALICE, BOB, CAROL], 'baker').map((user) => user.id)).toEqual([BOB.id]);
  });

  it('inserts @local-part and a space', () => {
    expect(insertMention('hi @bo!', 3, 6, BOB)).toEqual({ text: 'hi @bob !', caret: 8 });
  });
});
