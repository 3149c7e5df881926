import type { DeliveryAttempt, WebhookRecord } from './queue';

const time = (at: number | null) => (at === null ? '-' : new Date(at).toISOString());

export function formatWebhookTable(webhooks: readonly WebhookRecord[]): string {
  if (webhooks.length === 0) return 'No webhooks yet.\n';
  const rows = [
    ['ID', 'EVENTS', 'STATUS', 'PENDING', 'CREATED', 'URL'],
    ...webhooks.map((webhook) => [
      webhook.id,
      webhook.events.join(','),
      webhook.disabledAt !== null ? 'disabled' : webhook.failingSince !== null ? 'failing' : 'active',
      String(webhook.pending),
      time(webhook.createdAt),
      webhook.url,
    ]),
  ];
  const disabled = webhooks
    .filter((webhook) => webhook.disabledAt !== null)
    .map(
      (webhook) => `${webhook.id} disabled ${time(webhook.disabledAt)}: ${webhook.disabledReason ?? ''}\n`,
    );
  const count = webhooks.length === 1 ? '1 webhook' : `${webhooks.length} webhooks`;
  return `${table(rows)}${count}\n${disabled.join('')}`;
}

export function formatAttempts(attempts: readonly DeliveryAttempt[]): string {
  if (attempts.length === 0) return 'No delivery attempts yet.\n';
  const rows = [
    ['EVENT', 'ATTEMPT', 'STATUS', 'TIME', 'MS', 'ERROR'],
    ...attempts.map((attempt) => [
      attempt.eventId,
      String(attempt.attempt),
      attempt.status === null ? '-' : String(attempt.status),
      time(attempt.at),
      String(attempt.durationMs),
      attempt.error ?? '',
    ]),
  ];
  return table(rows);
}

function table(rows: readonly string[][]): string {
  const last = (rows[0]?.length ?? 1) - 1;
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const lines = rows.map((row) =>
    row
      .map((cell, column) => (column < last ? cell.padEnd(widths[column] ?? 0) : cell))
      .join('  ')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}
