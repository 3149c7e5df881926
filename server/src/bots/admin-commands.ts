import type { ScryptParams } from '../auth/passwords';
import type { RecordAudit } from '../compliance/audit';
import type { Store } from '../store/types';
import { type BotListing, BotService } from './service';

/** `npm run admin -- bot …` (registered in accounts/admin-cli.ts). */
export const BOT_USAGE = `  bot add <email> --name "<Display Name>"
        Add a bot account (shown with a "Bot" badge, no password sign-in, always
        available) and print a messages:write token acting as it, once, alone on the
        last line. Use it with POST /api/v1/messages.
  bot list
        List every bot: e-mail, name, enabled/disabled, the integrations acting as it.
  bot remove <email>
        Disable the bot and revoke its tokens (at once, also on a running server).
`;

export type BotCommand =
  | { action: 'add'; email: string; name: string }
  | { action: 'list' }
  | { action: 'remove'; email: string };

/** Parses `bot <action> …`; throws an Error with the usage problem. */
export function parseBotCommand(
  action: string | undefined,
  args: readonly string[],
  name: string | undefined,
): BotCommand {
  if (action === undefined) throw new Error('missing bot command (add, list, remove)');
  if (name !== undefined && action !== 'add') throw new Error(`"bot ${action}" does not take --name`);
  const email = () => {
    const [first, ...extra] = args;
    if (first === undefined) throw new Error(`"bot ${action}" needs the bot's e-mail address`);
    if (extra.length > 0) throw new Error(`unexpected argument "${extra[0]}"`);
    return first;
  };
  switch (action) {
    case 'add': {
      const address = email();
      if (name === undefined) throw new Error('"bot add" needs --name "<Display Name>"');
      return { action: 'add', email: address, name };
    }
    case 'list':
      if (args.length > 0) throw new Error(`unexpected argument "${args[0]}"`);
      return { action: 'list' };
    case 'remove':
      return { action: 'remove', email: email() };
    default:
      throw new Error(`unknown command "bot ${action}"`);
  }
}

/** Runs one bot command; `add` prints the token alone on the last line. Changes are recorded with `record`. */
export async function runBotCommand(
  store: Pick<Store, 'users' | 'integrations' | 'sessions'>,
  command: BotCommand,
  options: { domain: string | null; hashParams?: ScryptParams },
  out: (text: string) => void,
  record: RecordAudit,
): Promise<void> {
  const bots = new BotService(store, options);
  switch (command.action) {
    case 'add': {
      const { bot, token } = await bots.add({ email: command.email, name: command.name });
      const integrationIds = await store.users.botIntegrationIds(bot.id);
      await record('bot.add', bot.email, { name: bot.name, integrationIds, scopes: ['messages:write'] });
      out(`Added bot ${bot.email} (${bot.name}); it cannot sign in with a password.\n`);
      out('Its messages:write token, shown only this once (keep it in the bot’s secret store):\n');
      out(`${token}\n`);
      return;
    }
    case 'list':
      out(formatBotTable(await bots.list()));
      return;
    case 'remove': {
      const { bot, revoked } = await bots.remove(command.email);
      await record('bot.remove', bot.email, { revokedIntegrations: revoked });
      const tokens = revoked.length === 0 ? 'no active tokens were left' : `revoked ${revoked.join(', ')}`;
      out(`Removed bot ${bot.email}: disabled, ${tokens}.\n`);
      return;
    }
  }
}

export function formatBotTable(listings: readonly BotListing[]): string {
  if (listings.length === 0) return 'No bots yet.\n';
  const rows = [
    ['EMAIL', 'NAME', 'STATUS', 'TOKENS'],
    ...listings.map(({ bot, activeIntegrations }) => [
      bot.email,
      bot.name,
      bot.disabled ? 'disabled' : 'enabled',
      activeIntegrations.length === 0 ? '-' : activeIntegrations.join(','),
    ]),
  ];
  const last = 3;
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const lines = rows.map((row) =>
    row.map((cell, column) => (column < last ? cell.padEnd(widths[column] ?? 0) : cell)).join('  '),
  );
  const count = listings.length === 1 ? '1 bot' : `${listings.length} bots`;
  return `${lines.join('\n')}\n${count}\n`;
}
