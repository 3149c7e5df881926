import { AccountError, domainOf, normalizeEmail, normalizeName } from '../accounts/accounts';
import { hashPassword, type ScryptParams } from '../auth/passwords';
import { generateToken } from '../auth/tokens';
import { IntegrationService } from '../integrations/service';
import { DuplicateError, type IntegrationRecord, type Store, type UserRecord } from '../store/types';

/** The bot listing: the account, and the names of the integrations acting as it that still work. */
export interface BotListing {
  bot: UserRecord;
  activeIntegrations: string[];
}

export interface BotServiceOptions {
  /** The organisation's mail domain; a bot's address must be in it (null: any domain). */
  domain: string | null;
  now?: () => number;
  hashParams?: ScryptParams;
}

/**
 * Bot accounts (docs/integrations.md, "Bots"): a user of kind `bot` plus a `messages:write`
 * integration token acting as it. A bot has no password anybody knows: its hash is of a
 * random secret that is thrown away, so a password login fails exactly like a wrong password
 * (same message, same scrypt work) and no code path needs to special-case it.
 */
export class BotService {
  private readonly integrations: IntegrationService;

  constructor(
    private readonly store: Pick<Store, 'users' | 'integrations' | 'sessions'>,
    private readonly options: BotServiceOptions,
  ) {
    this.integrations = new IntegrationService(store, { now: options.now });
  }

  /** Creates the bot and its token (returned once). */
  async add(input: { email: string; name: string }): Promise<{ bot: UserRecord; token: string }> {
    const email = normalizeEmail(input.email);
    const { domain } = this.options;
    if (domain !== null && domainOf(email) !== domain) {
      throw new AccountError(
        'domain',
        `${email} is outside the organisation's domain ${domain}; a bot needs an @${domain} address`,
      );
    }
    const name = normalizeName(input.name);
    if (await this.store.users.byEmail(email))
      throw new AccountError('exists', `a user ${email} already exists`);
    const passwordHash = await hashPassword(generateToken(), this.options.hashParams);
    let bot: UserRecord;
    try {
      bot = await this.store.users.create({ email, name, passwordHash, kind: 'bot' });
    } catch (error) {
      if (error instanceof DuplicateError) throw new AccountError('exists', `a user ${email} already exists`);
      throw error;
    }
    const { integration, token } = await this.addIntegrationFor(bot);
    await this.store.users.linkBotToken(bot.id, integration.id);
    return { bot, token };
  }

  async list(): Promise<BotListing[]> {
    const bots = await this.store.users.listBots();
    const active = new Map(
      (await this.integrations.list())
        .filter((integration) => integration.revokedAt === null)
        .map((integration) => [integration.id, integration.name]),
    );
    const listings: BotListing[] = [];
    for (const bot of bots) {
      const ids = await this.store.users.botIntegrationIds(bot.id);
      const activeIntegrations = ids.flatMap((id) => {
        const name = active.get(id);
        return name === undefined ? [] : [name];
      });
      listings.push({ bot, activeIntegrations });
    }
    return listings;
  }

  /** Disables the bot and revokes every token acting as it; idempotent. */
  async remove(rawEmail: string): Promise<{ bot: UserRecord; revoked: string[] }> {
    const bot = await this.findBot(rawEmail);
    await this.store.users.setDisabled(bot.id, true);
    await this.store.sessions.deleteForUser(bot.id);
    const ids = new Set(await this.store.users.botIntegrationIds(bot.id));
    const revoked: string[] = [];
    for (const integration of await this.integrations.list()) {
      if (!ids.has(integration.id) || integration.revokedAt !== null) continue;
      await this.integrations.revoke(integration.name);
      revoked.push(integration.name);
    }
    return { bot: { ...bot, disabled: true }, revoked };
  }

  /** The enabled bot a token's integration acts as, or null (not a bot token, or the bot is disabled). */
  async botActingFor(integration: Pick<IntegrationRecord, 'id'>): Promise<UserRecord | null> {
    const bot = await this.store.users.botOfIntegration(integration.id);
    return bot && bot.kind === 'bot' && !bot.disabled ? bot : null;
  }

  private async findBot(rawEmail: string): Promise<UserRecord> {
    const email = normalizeEmail(rawEmail);
    const user = await this.store.users.byEmail(email);
    if (user?.kind !== 'bot') throw new AccountError('not_found', `no bot ${email}`);
    return user;
  }

  /** An integration named after the bot ("bot-alerts"), with a suffix when that name is taken. */
  private async addIntegrationFor(bot: UserRecord) {
    const base = botIntegrationName(bot.email);
    for (let attempt = 0; ; attempt += 1) {
      const name = attempt === 0 ? base : `${base.slice(0, 57)}-${attempt + 1}`;
      if (await this.store.integrations.activeByName(name)) continue;
      return this.integrations.add(name, ['messages:write']);
    }
  }
}

/** `alerts.line-3@acme.test` → `bot-alerts.line-3`: within the integration name pattern. */
export function botIntegrationName(email: string): string {
  const local = email.slice(0, email.lastIndexOf('@')).toLowerCase();
  const cleaned = local.replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '');
  return `bot-${cleaned || 'bot'}`.slice(0, 60);
}
