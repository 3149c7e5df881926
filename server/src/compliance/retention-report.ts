import { formatRetentionDuration } from './durations';
import type { EffectivePolicy, KindReport, RetentionReport } from './retention';

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function policySource(policy: Pick<EffectivePolicy, 'kind' | 'scope'>): string {
  return policy.scope === 'all' ? "the organisation's policy" : `the ${policy.kind} override`;
}

function kindLines(kind: KindReport, verb: string): string[] {
  const lines = [
    `${kind.kind} conversations (${plural(kind.conversations, 'conversation')}; ${policySource(kind)}: ` +
      `messages ${formatRetentionDuration(kind.messagesMs)}, archive ${formatRetentionDuration(kind.archiveMs)})`,
  ];
  lines.push(
    kind.messagesCutoff === null
      ? '  messages: kept forever'
      : `  messages sent before ${iso(kind.messagesCutoff)}: ${plural(kind.messages.count, 'message')} ` +
          `in ${plural(kind.messages.conversations, 'conversation')} ${verb}`,
  );
  lines.push(
    kind.archiveCutoff === null
      ? '  archive: kept forever'
      : `  archive entries written before ${iso(kind.archiveCutoff)}: ${plural(kind.archive.entries, 'entry', 'entries')} ` +
          `of ${plural(kind.archive.chains, 'conversation')} ${verb}`,
  );
  if (kind.held.conversations > 0) {
    lines.push(
      `  kept under legal hold: ${plural(kind.held.conversations, 'conversation')} ` +
        `(${plural(kind.held.messages, 'message')}, ${plural(kind.held.archiveEntries, 'archive entry', 'archive entries')})`,
    );
  }
  return lines;
}

/** The report in words, for the CLI and the server's log. */
export function formatRetentionReport(report: RetentionReport): string {
  const verb = report.applied ? 'removed' : 'would go';
  const heading = report.applied
    ? `Retention purge at ${iso(report.at)}: applied.`
    : `Retention purge at ${iso(report.at)}: preview only, nothing was removed.`;
  const { totals } = report;
  const lines = [heading, '', ...report.kinds.flatMap((kind) => kindLines(kind, verb))];
  lines.push(
    '',
    `Total: ${plural(totals.messages, 'message')} and ${plural(totals.archiveEntries, 'archive entry', 'archive entries')} ${verb}; ` +
      `${plural(totals.heldConversations, 'conversation')} kept under legal hold.`,
  );
  return `${lines.join('\n')}\n`;
}
