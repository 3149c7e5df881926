export const BENCH_DOMAIN = 'bench.test';
export const BENCH_PASSWORD = 'bench-password-0';

export interface BenchUser {
  id: string;
  email: string;
  /** A live session token, issued before the server starts (no login needed to connect). */
  token: string;
}

/** Who the benchmark drives, identical for Beacon and the floor. */
export interface BenchFixture {
  users: BenchUser[];
  /** Direct conversations for the 1:1 scenario, between users[a] and users[b]. */
  pairs: Array<{ conversationId: string; a: number; b: number }>;
}

/**
 * The `count` contacts of user `index` among `total`: a deterministic spread, so every
 * user is watched by about as many others as it watches.
 */
export function contactsOf(index: number, count: number, total: number): number[] {
  const contacts: number[] = [];
  const step = Math.max(1, Math.floor((total - 1) / count));
  for (let k = 1; contacts.length < Math.min(count, total - 1); k++) {
    const other = (index + k * step) % total;
    if (other !== index && !contacts.includes(other)) contacts.push(other);
    if (k > total * 2) break;
  }
  return contacts;
}
