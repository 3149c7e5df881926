import { beforeEach, describe, expect, it } from 'vitest';
import { DuplicateError } from '../types';
import { makeUser } from './fixtures';
import { storeFactories, useContractStore } from './harness';

const newUser = (email: string, name: string) => ({ email, name, passwordHash: 'scrypt$hash' });

describe.each(await storeFactories())('users ($name)', (factory) => {
  const ctx = useContractStore(factory);

  it('creates a user and finds it by id and by e-mail', async () => {
    const created = await ctx.store.users.create(newUser('Alice@Acme.Test', 'Alice Archer'));
    expect(created).toEqual({
      id: expect.any(String),
      email: 'alice@acme.test',
      name: 'Alice Archer',
      passwordHash: 'scrypt$hash',
      disabled: false,
      createdAt: 1_000,
      roles: [],
    });
    expect(await ctx.store.users.byId(created.id)).toEqual(created);
    expect(await ctx.store.users.byEmail('alice@acme.test')).toEqual(created);
    expect(await ctx.store.users.byEmail('ALICE@acme.test')).toEqual(created);
    expect(await ctx.store.users.byId('nope')).toBeNull();
    expect(await ctx.store.users.byEmail('nobody@acme.test')).toBeNull();
  });

  it('keeps roles: given at creation, replaced, cleared, each once in a fixed order', async () => {
    const admin = await ctx.store.users.create({
      ...newUser('ada@acme.test', 'Ada'),
      roles: ['compliance', 'admin', 'compliance'],
    });
    expect(admin.roles).toEqual(['admin', 'compliance']);
    expect((await ctx.store.users.byId(admin.id))?.roles).toEqual(['admin', 'compliance']);
    const member = await ctx.store.users.create(newUser('max@acme.test', 'Max'));
    expect((await ctx.store.users.byEmail('max@acme.test'))?.roles).toEqual([]);

    await ctx.store.users.setRoles(member.id, ['compliance', 'compliance']);
    await ctx.store.users.setRoles(admin.id, []);
    const roles = Object.fromEntries((await ctx.store.users.list()).map((user) => [user.email, user.roles]));
    expect(roles).toEqual({ 'ada@acme.test': [], 'max@acme.test': ['compliance'] });
  });

  it('refuses a second user with the same e-mail, whatever its case', async () => {
    await ctx.store.users.create(newUser('bob@acme.test', 'Bob'));
    await expect(ctx.store.users.create(newUser('BOB@acme.test', 'Bobby'))).rejects.toBeInstanceOf(
      DuplicateError,
    );
    expect(await ctx.store.users.list()).toHaveLength(1);
  });

  it('lets exactly one of two nodes create the same e-mail at once', async () => {
    const other = await ctx.openAnother();
    const results = await Promise.allSettled([
      ctx.store.users.create(newUser('race@acme.test', 'One')),
      other.users.create(newUser('race@acme.test', 'Two')),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(DuplicateError);
    expect(await ctx.store.users.list()).toHaveLength(1);
  });

  it('returns users by ids in the order asked, skipping unknown ids and repeats', async () => {
    const a = await ctx.store.users.create(newUser('a@acme.test', 'A'));
    const b = await ctx.store.users.create(newUser('b@acme.test', 'B'));
    const c = await ctx.store.users.create(newUser('c@acme.test', 'C'));
    const found = await ctx.store.users.byIds([c.id, 'missing', a.id, c.id, b.id]);
    expect(found.map((u) => u.id)).toEqual([c.id, a.id, b.id]);
    expect(await ctx.store.users.byIds([])).toEqual([]);
    expect(await ctx.store.users.byIds(['missing'])).toEqual([]);
  });

  it('lists every user, disabled ones included, by e-mail', async () => {
    await ctx.store.users.create(newUser('zed@acme.test', 'Zed'));
    await ctx.store.users.create(newUser('Zoe@acme.test', 'Zoe'));
    const amy = await ctx.store.users.create(newUser('amy@acme.test', 'Amy'));
    await ctx.store.users.setDisabled(amy.id, true);
    const list = await ctx.store.users.list();
    expect(list.map((u) => [u.email, u.disabled])).toEqual([
      ['amy@acme.test', true],
      ['zed@acme.test', false],
      ['zoe@acme.test', false],
    ]);
  });

  describe('search', () => {
    beforeEach(async () => {
      await ctx.store.users.create(newUser('alice@acme.test', 'Alice Archer'));
      await ctx.store.users.create(newUser('bob@acme.test', 'Bob Baker'));
      await ctx.store.users.create(newUser('emile@acme.test', 'Émile Müller'));
      await ctx.store.users.create(newUser('percent@acme.test', '100% Sure'));
      await ctx.store.users.create(newUser('under_score@acme.test', 'Under Score'));
      const gone = await ctx.store.users.create(newUser('gone@acme.test', 'Alice Gone'));
      await ctx.store.users.setDisabled(gone.id, true);
    });

    const names = async (query: string, limit = 20) =>
      (await ctx.store.users.search(query, limit)).map((u) => u.name);

    it('matches name or e-mail case-insensitively, enabled users only, ordered by name', async () => {
      expect(await names('ALICE')).toEqual(['Alice Archer']);
      expect(await names('bob@')).toEqual(['Bob Baker']);
      // every e-mail contains "a" (acme): all enabled users, by folded name
      expect(await names('a')).toEqual([
        '100% Sure',
        'Alice Archer',
        'Bob Baker',
        'Émile Müller',
        'Under Score',
      ]);
    });

    it('ignores accents and surrounding spaces', async () => {
      expect(await names('  muller ')).toEqual(['Émile Müller']);
      expect(await names('ÉMILE')).toEqual(['Émile Müller']);
    });

    it('treats LIKE wildcards literally', async () => {
      expect(await names('%')).toEqual(['100% Sure']);
      expect(await names('_')).toEqual(['Under Score']);
      expect(await names('r_s')).toEqual(['Under Score']);
    });

    it('honours the limit', async () => {
      expect(await names('a', 2)).toEqual(['100% Sure', 'Alice Archer']);
      expect(await names('a', 0)).toEqual([]);
    });

    it('finds a renamed user by the new name only', async () => {
      const bob = await ctx.store.users.byEmail('bob@acme.test');
      if (!bob) throw new Error('bob missing');
      await ctx.store.users.setName(bob.id, 'Robert Zimmer');
      expect(await names('zimmer')).toEqual(['Robert Zimmer']);
      expect(await names('baker')).toEqual([]);
      expect((await ctx.store.users.byId(bob.id))?.name).toBe('Robert Zimmer');
    });
  });

  it('disables and re-enables a user, recording when it was disabled', async () => {
    const carol = await ctx.store.users.create(newUser('carol@acme.test', 'Carol'));
    const dave = await ctx.store.users.create(newUser('dave@acme.test', 'Dave'));
    ctx.clock.now = 5_000;
    await ctx.store.users.setDisabled(carol.id, true);
    ctx.clock.now = 6_000;
    await ctx.store.users.setDisabled(dave.id, true);
    expect((await ctx.store.users.byId(carol.id))?.disabled).toBe(true);
    expect(await ctx.store.users.listDisabledSince(0)).toEqual([
      { id: carol.id, disabledAt: 5_000 },
      { id: dave.id, disabledAt: 6_000 },
    ]);
    expect(await ctx.store.users.listDisabledSince(6_000)).toEqual([{ id: dave.id, disabledAt: 6_000 }]);
    expect(await ctx.store.users.listDisabledSince(6_001)).toEqual([]);

    ctx.clock.now = 7_000;
    await ctx.store.users.setDisabled(carol.id, true);
    expect(await ctx.store.users.listDisabledSince(6_500)).toEqual([]);

    await ctx.store.users.setDisabled(dave.id, false);
    expect((await ctx.store.users.byId(dave.id))?.disabled).toBe(false);
    expect(await ctx.store.users.listDisabledSince(0)).toEqual([{ id: carol.id, disabledAt: 5_000 }]);
  });

  it('sees a user disabled by another node (the watcher polls listDisabledSince)', async () => {
    const erin = await ctx.store.users.create(newUser('erin@acme.test', 'Erin'));
    const other = await ctx.openAnother();
    ctx.clock.now = 8_000;
    await other.users.setDisabled(erin.id, true);
    expect(await ctx.store.users.listDisabledSince(7_000)).toEqual([{ id: erin.id, disabledAt: 8_000 }]);
  });

  it('changes the password hash', async () => {
    const erin = await ctx.store.users.create(newUser('erin@acme.test', 'Erin'));
    await ctx.store.users.setPasswordHash(erin.id, 'scrypt$new');
    expect((await ctx.store.users.byId(erin.id))?.passwordHash).toBe('scrypt$new');
  });

  it('changes nothing for an unknown id', async () => {
    const frank = await makeUser(ctx.store, 'Frank');
    await ctx.store.users.setDisabled('ghost', true);
    await ctx.store.users.setName('ghost', 'Ghost');
    await ctx.store.users.setPasswordHash('ghost', 'x');
    await ctx.store.users.setRoles('ghost', ['admin']);
    expect(await ctx.store.users.list()).toEqual([frank]);
  });

  describe('bots', () => {
    const integration = (name: string, createdAt: number) => ({
      name,
      scopes: ['messages:write' as const],
      tokenHash: `hash-${name}`,
      createdAt,
    });

    it('creates bots, and lists only them, by e-mail, enabled or not', async () => {
      const zed = await ctx.store.users.create({ ...newUser('zed-bot@acme.test', 'Zed'), kind: 'bot' });
      const ann = await ctx.store.users.create({ ...newUser('ann-bot@acme.test', 'Ann'), kind: 'bot' });
      const person = await ctx.store.users.create({ ...newUser('pat@acme.test', 'Pat'), kind: 'person' });
      await ctx.store.users.setDisabled(zed.id, true);
      expect(zed.kind).toBe('bot');
      expect(person).not.toHaveProperty('kind');
      expect(await ctx.store.users.byId(person.id)).toEqual(person);
      expect((await ctx.store.users.listBots()).map((bot) => [bot.email, bot.kind, bot.disabled])).toEqual([
        [ann.email, 'bot', false],
        [zed.email, 'bot', true],
      ]);
    });

    it('links integration tokens to a bot and finds them both ways, oldest token first', async () => {
      const bot = await ctx.store.users.create({ ...newUser('build-bot@acme.test', 'Build'), kind: 'bot' });
      const later = await ctx.store.integrations.create(integration('ci-2', 2_000));
      const earlier = await ctx.store.integrations.create(integration('ci-1', 1_000));
      const unlinked = await ctx.store.integrations.create(integration('phone', 1_500));
      await ctx.store.users.linkBotToken(bot.id, later.id);
      await ctx.store.users.linkBotToken(bot.id, earlier.id);
      expect(await ctx.store.users.botIntegrationIds(bot.id)).toEqual([earlier.id, later.id]);
      expect(await ctx.store.users.botOfIntegration(later.id)).toEqual(bot);
      expect(await ctx.store.users.botOfIntegration(unlinked.id)).toBeNull();
      expect(await ctx.store.users.botOfIntegration('ghost')).toBeNull();
      expect(await ctx.store.users.botIntegrationIds('ghost')).toEqual([]);
    });

    it('refuses a link to an unknown integration or a second link of one token', async () => {
      const bot = await ctx.store.users.create({ ...newUser('x-bot@acme.test', 'X'), kind: 'bot' });
      const other = await ctx.store.users.create({ ...newUser('y-bot@acme.test', 'Y'), kind: 'bot' });
      await expect(ctx.store.users.linkBotToken(bot.id, 'ghost')).rejects.toThrow();
      const token = await ctx.store.integrations.create(integration('ci', 1_000));
      await ctx.store.users.linkBotToken(bot.id, token.id);
      await expect(ctx.store.users.linkBotToken(other.id, token.id)).rejects.toThrow();
      expect(await ctx.store.users.botOfIntegration(token.id)).toEqual(bot);
    });
  });
});
