import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

/** One user's calendar: where its ICS feed is. */
export interface FeedMapping {
  email: string;
  /** `https:`/`http:`, or `file:` (a relative `file:` path is read beside the mapping file). */
  url: URL;
  /** Overrides the bridge's `--public-summaries` for this user. */
  publicSummaries?: boolean;
}

/** The mapping file is wrong: says which entry and why. */
export class FeedsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedsConfigError';
  }
}

const mappingSchema = z.array(
  z
    .object({
      email: z.email(),
      url: z.string().min(1),
      publicSummaries: z.boolean().optional(),
    })
    .strict(),
);

/** Reads and checks `mapping.json`: `[{ "email": "alice@acme.test", "url": "https://…/alice.ics" }]`. */
export async function loadFeedsConfig(path: string): Promise<FeedMapping[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FeedsConfigError(`cannot read the feeds file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FeedsConfigError(`the feeds file ${path} is not JSON: ${(error as Error).message}`);
  }
  return parseFeedsConfig(json, dirname(resolve(path)), path);
}

export function parseFeedsConfig(json: unknown, baseDir: string, source = 'feeds'): FeedMapping[] {
  const parsed = mappingSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `[${issue.path.join('].')}` : '';
    throw new FeedsConfigError(
      `${source}${where}: ${issue?.message ?? 'invalid'} (expected [{ "email": "…", "url": "https://…" }])`,
    );
  }
  const seen = new Set<string>();
  return parsed.data.map((entry, index) => {
    const email = entry.email.toLowerCase();
    if (seen.has(email)) throw new FeedsConfigError(`${source}[${index}]: ${email} is listed twice`);
    seen.add(email);
    const mapping: FeedMapping = { email, url: feedUrl(entry.url, baseDir, `${source}[${index}].url`) };
    if (entry.publicSummaries !== undefined) mapping.publicSummaries = entry.publicSummaries;
    return mapping;
  });
}

function feedUrl(text: string, baseDir: string, where: string): URL {
  // `file:alice.ics` / `file:./feeds/alice.ics`: relative to the mapping file, not the cwd.
  if (text.startsWith('file:') && !text.startsWith('file://')) {
    const path = text.slice('file:'.length);
    return pathToFileURL(isAbsolute(path) ? path : resolve(baseDir, path));
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new FeedsConfigError(`${where}: "${text}" is not a URL`);
  }
  if (!['http:', 'https:', 'file:'].includes(url.protocol)) {
    throw new FeedsConfigError(`${where}: ${url.protocol} feeds are not supported (http, https or file)`);
  }
  return url;
}
