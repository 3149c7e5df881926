import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ical, { type CalendarResponse } from 'node-ical';

/** Feeds larger than this are refused rather than parsed (a misconfigured URL, not a calendar). */
const MAX_FEED_BYTES = 20 * 1024 * 1024;

export interface FeedSourceOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Reads an ICS feed (http(s) or file) and parses it with node-ical; throws with the reason. */
export async function loadFeed(url: URL, options: FeedSourceOptions = {}): Promise<CalendarResponse> {
  const text =
    url.protocol === 'file:' ? await readFile(fileURLToPath(url), 'utf8') : await download(url, options);
  if (!text.includes('BEGIN:VCALENDAR')) throw new Error('not an iCalendar feed (no BEGIN:VCALENDAR)');
  // The async parser yields between batches of lines, so a large feed does not stall the bridge.
  return ical.async.parseICS(text);
}

async function download(url: URL, options: FeedSourceOptions): Promise<string> {
  const response = await (options.fetch ?? fetch)(url, {
    headers: { accept: 'text/calendar, */*;q=0.5' },
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  }
  const length = Number(response.headers.get('content-length'));
  if (Number.isFinite(length) && length > MAX_FEED_BYTES) {
    await response.body?.cancel();
    throw new Error(`feed is ${length} bytes, more than ${MAX_FEED_BYTES}`);
  }
  const text = await response.text();
  if (text.length > MAX_FEED_BYTES) throw new Error(`feed is larger than ${MAX_FEED_BYTES} bytes`);
  return text;
}
