/**
 * Load generator of the integrations benchmark, run as a child process: PUTs status claims at
 * a fixed rate (open loop: the schedule does not wait for answers), round-robin over the given
 * integration tokens and target e-mails. Each claim's activity carries the moment it was sent
 * (`t:<ms since the epoch>`), so whoever receives the resulting presence change can tell its
 * latency without asking this process. Prints one `claim driver done {json}` line at the end.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { summarize } from '../lib/stats';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    plan: { type: 'string' },
    rate: { type: 'string' },
    ms: { type: 'string' },
  },
});
if (!values.url || !values.plan) throw new Error('--url and --plan are required');
const plan = JSON.parse(readFileSync(values.plan, 'utf8')) as { tokens: string[]; emails: string[] };
const rate = Number(values.rate ?? 1_000);
const durationMs = Number(values.ms ?? 10_000);
const MAX_IN_FLIGHT = 4_000;

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
const wallNow = () => performance.timeOrigin + performance.now();

const statuses = new Map<number | string, number>();
const putLatencies: number[] = [];
let sent = 0;
let inFlight = 0;
let skipped = 0;

/**
 * A keep-alive pool of at most this many connections, as a real integration (a PBX adapter,
 * a calendar bridge) keeps one: requests beyond it wait in the pool, and that wait counts in
 * their latency, since `sentAt` is taken when the request is due. (Unbounded, Node's fetch
 * opens a new connection whenever all are busy; a burst of them overflows the listen backlog
 * and the SYN retries, 1 + 2 + 4 + 8 s, measure the kernel instead of the server.)
 */
const agent = new Agent({ keepAlive: true, maxSockets: 128 });

function putJson(path: string, token: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${values.url}${path}`,
      {
        method: 'PUT',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        response.resume();
        response.once('end', () => resolve(response.statusCode ?? 0));
        response.once('error', reject);
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

async function claim(index: number): Promise<void> {
  const token = plan.tokens[index % plan.tokens.length] ?? '';
  const email = plan.emails[index % plan.emails.length] ?? '';
  const sentAt = wallNow();
  inFlight++;
  try {
    const status = await putJson(
      `/api/v1/presence/${encodeURIComponent(email)}/claims/bench-call`,
      token,
      JSON.stringify({ status: 'busy', activity: `t:${sentAt.toFixed(3)}`, ttlSeconds: 600 }),
    );
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    putLatencies.push(wallNow() - sentAt);
  } catch (error) {
    const key = error instanceof Error ? error.message : String(error);
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  } finally {
    inFlight--;
  }
}

const startedAt = performance.now();
const total = Math.round((rate * durationMs) / 1000);
await new Promise<void>((resolve) => {
  const timer = setInterval(() => {
    const due = Math.min(total, Math.floor(((performance.now() - startedAt) * rate) / 1000));
    while (sent < due) {
      if (inFlight >= MAX_IN_FLIGHT) skipped++;
      else void claim(sent);
      sent++;
    }
    if (sent >= total) {
      clearInterval(timer);
      resolve();
    }
  }, 2);
});
const deadline = performance.now() + 30_000;
while (inFlight > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
agent.destroy();
const put = summarize(putLatencies);
process.stdout.write(
  `claim driver done ${JSON.stringify({
    sent,
    skipped,
    sendMs: performance.now() - startedAt,
    statuses: Object.fromEntries(statuses),
    putP50Ms: put.p50,
    putP99Ms: put.p99,
  })}\n`,
);
