import { parseInclusiveRange } from '../time-bounds';
import { CommandUsageError } from './command-group';

/**
 * `--from` / `--to` of the compliance commands: UTC days or ISO times, both ends inclusive
 * (time-bounds.ts `parseInclusiveRange`); a bad value or an empty range is a usage error.
 */
export function parseDayRange(
  from: string | undefined,
  to: string | undefined,
): { from?: number; until?: number } {
  const parsed = parseInclusiveRange(from, to);
  if (!parsed.ok) throw new CommandUsageError(`--${parsed.field} ${parsed.message}`);
  return {
    ...(parsed.from !== undefined ? { from: parsed.from } : {}),
    ...(parsed.until !== undefined ? { until: parsed.until } : {}),
  };
}
