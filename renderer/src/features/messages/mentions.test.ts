import { describe, expect, it } from 'vitest';
import { ALICE, BOB } from '../../test/fake-server';
import { splitMentions } from './mentions';

describe('splitMentions', () => {
  it('marks @local-part mentions of members only', () => {
    expect(splitMentions('hi @bob and @nobody, mail bob@acme.test', [ALICE, BOB])).toEqual([
      { kind: 'text', text: 'hi ' },
      { kind: 'mention', text: '@bob', userId: BOB.id },
      { kind: 'text', text: ' and @nobody, mail bob@acme.test' },
    ]);
  });

  it('finds a mention at the start and before punctuation', () => {
    expect(splitMentions('@Alice.', [ALICE])).toEqual([
      { kind: 'mention', text: '@Alice', userId: ALICE.id },
      { kind: 'text', text: '.' },
    ]);
  });
});
