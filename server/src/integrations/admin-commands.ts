import type { RecordAudit } from '../compliance/audit';
import type { IntegrationRecord, Store } from '../store/types';
import { IntegrationService } from './service';

/** `npm run admin -- integration …` (the `user` commands are in accounts/admin-cli.ts). */
export const INTEGRATION_USAGE = `  integration add <name> --scopes <scope,scope…>
        Add an integration (phone system, calendar, bot) with the given scopes:
        presence:read, presence:write, messages:write, events:read. Prints its token
        once, alone on the last line.
  integration list
        List every integration: name, scopes, active/revoked, times (never a token).
  integration revoke <name>
        Revoke the integration's token (at once, also on a running server).
  integration rotate <name>
        Replace the integration's token; prints the new one once, alone on the last
        line. The old token stops working at once.
`;

export type IntegrationCommand =
  | { action: 'add'; name: string; scopes: string[] }
  | { action: 'list' }
  | { action: 'revoke' | 'rotate'; name: string };

/** Parses `integration <action> …`; throws an Error with the usage problem. */
export function parseIntegrationCommand(
  action: string | undefined,
  args: readonly string[],
  scopes: string | undefined,
): IntegrationCommand {
  if (action === undefined) throw new Error('missing integration command (add, list, revoke, rotate)');
  if (scopes !== undefined && action !== 'add') {
    throw new Error(`"integration ${action}" does not take --scopes`);
  }
  const name = () => {
    const [first, ...extra] = args;
    if (first === undefined) throw new Error(`"integration ${action}" needs the integration's name`);
    if (extra.length > 0) throw new Error(`unexpected argument "${extra[0]}"`);
    return first;
  };
  switch (action) {
    case 'add': {
      const integrationName = name();
      if (scopes === undefined) throw new Error('"integration add" needs --scopes <scope,scope…>');
      const list = scopes
        .split(',')
        .map((scope) => scope.trim())
        .filter((scope) => scope.length > 0);
      return { action: 'add', name: integrationName, scopes: list };
    }
    case 'list':
      if (args.length > 0) throw new Error(`unexpected argument "${args[0]}"`);
      return { action: 'list' };
    case 'revoke':
    case 'rotate':
      return { action, name: name() };
    default:
      throw new Error(`unknown command "integration ${action}"`);
  }
}

/**
 * Runs one integration command; a token is printed only by add and rotate, alone on the last
 * line. Each change is recorded with `record` once it is made (never the token).
 */
export async function runIntegrationCommand(
  store: Pick<Store, 'integrations'>,
  command: IntegrationCommand,
  out: (text: string) => void,
  record: RecordAudit,
): Promise<void> {
  const integrations = new IntegrationService(store);
  switch (command.action) {
    case 'add': {
      const { integration, token } = await integrations.add(command.name, command.scopes);
      await record('integration.add', integration.name, { id: integration.id, scopes: integration.scopes });
      out(`Added integration ${integration.name} (${integration.scopes.join(', ')}).\n`);
      out('Its token, shown only this once (keep it in the integration’s secret store):\n');
      out(`${token}\n`);
      return;
    }
    case 'list':
      out(formatIntegrationTable(await integrations.list()));
      return;
    case 'revoke': {
      const integration = await integrations.revoke(command.name);
      await record('integration.revoke', integration.name, { id: integration.id });
      out(`Revoked integration ${integration.name}; its token no longer works.\n`);
      return;
    }
    case 'rotate': {
      const { integration, token } = await integrations.rotate(command.name);
      await record('integration.rotate', integration.name, { id: integration.id });
      out(`Rotated the token of integration ${integration.name}; the old one no longer works.\n`);
      out('Its new token, shown only this once:\n');
      out(`${token}\n`);
      return;
    }
  }
}

export function formatIntegrationTable(integrations: readonly IntegrationRecord[]): string {
  if (integrations.length === 0) return 'No integrations yet.\n';
  const time = (at: number | null) => (at === null ? '-' : new Date(at).toISOString());
  const rows = [
    ['NAME', 'SCOPES', 'STATUS', 'CREATED', 'ROTATED', 'REVOKED'],
    ...integrations.map((integration) => [
      integration.name,
      integration.scopes.join(','),
      integration.revokedAt === null ? 'active' : 'revoked',
      time(integration.createdAt),
      time(integration.rotatedAt),
      time(integration.revokedAt),
    ]),
  ];
  const last = (rows[0]?.length ?? 1) - 1;
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const lines = rows.map((row) =>
    row.map((cell, column) => (column < last ? cell.padEnd(widths[column] ?? 0) : cell)).join('  '),
  );
  const count = integrations.length === 1 ? '1 integration' : `${integrations.length} integrations`;
  return `${lines.join('\n')}\n${count}\n`;
}
