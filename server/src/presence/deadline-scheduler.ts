import type { Clock } from './clock';

/**
 * Keys handled per timer turn; the rest follow on the next turn, so 10,000 deadlines falling
 * due together never hold the event loop for one long stretch.
 */
const MAX_DUE_PER_TURN = 200;
/** setTimeout's longest delay (about 24.8 days); later deadlines re-arm when it passes. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

interface Entry {
  key: string;
  dueAt: number;
}

/**
 * One deadline per key (a user), kept in a binary min-heap, with a single clock timer armed
 * for the earliest one. Replacing or cancelling a key leaves its old heap entry behind; such
 * stale entries are skipped when they surface (lazy deletion), so every operation is O(log n)
 * and 10,000 deadlines cost one timer, not 10,000.
 */
export class DeadlineScheduler {
  private readonly heap: Entry[] = [];
  private readonly deadlines = new Map<string, number>();
  private armed: { dueAt: number; cancel: () => void } | null = null;

  constructor(
    private readonly clock: Clock,
    /** Called once per key whose deadline passed, in deadline order; the key is already cleared. */
    private readonly onDue: (key: string) => void,
  ) {}

  /** Sets (or replaces) the key's deadline; `null` cancels it. */
  set(key: string, dueAt: number | null): void {
    if (dueAt === null) {
      this.deadlines.delete(key);
      if (this.deadlines.size === 0) this.disarm();
      return;
    }
    if (this.deadlines.get(key) === dueAt) return;
    this.deadlines.set(key, dueAt);
    this.push({ key, dueAt });
    this.arm();
  }

  deadlineOf(key: string): number | null {
    return this.deadlines.get(key) ?? null;
  }

  get size(): number {
    return this.deadlines.size;
  }

  dispose(): void {
    this.deadlines.clear();
    this.heap.length = 0;
    this.disarm();
  }

  private fire(): void {
    this.armed = null;
    const now = this.clock.now();
    let handled = 0;
    while (handled < MAX_DUE_PER_TURN) {
      const top = this.heap[0];
      if (!top || top.dueAt > now) break;
      this.pop();
      if (this.deadlines.get(top.key) !== top.dueAt) continue;
      this.deadlines.delete(top.key);
      handled++;
      this.onDue(top.key);
    }
    this.arm();
  }

  private arm(): void {
    this.dropStale();
    const top = this.heap[0];
    if (!top) {
      this.disarm();
      return;
    }
    if (this.armed && this.armed.dueAt <= top.dueAt) return;
    this.disarm();
    const delay = Math.min(top.dueAt - this.clock.now(), MAX_TIMER_DELAY_MS);
    const cancel = this.clock.schedule(() => this.fire(), delay);
    this.armed = { dueAt: top.dueAt, cancel };
  }

  private disarm(): void {
    this.armed?.cancel();
    this.armed = null;
  }

  private dropStale(): void {
    for (;;) {
      const top = this.heap[0];
      if (!top || this.deadlines.get(top.key) === top.dueAt) return;
      this.pop();
    }
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent] as Entry;
      if (above.dueAt <= entry.dueAt) break;
      heap[index] = above;
      index = parent;
    }
    heap[index] = entry;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (!last || heap.length === 0) return;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const leftEntry = heap[left] as Entry;
      const rightEntry = heap[right];
      const child = rightEntry && rightEntry.dueAt < leftEntry.dueAt ? right : left;
      const smaller = heap[child] as Entry;
      if (smaller.dueAt >= last.dueAt) break;
      heap[index] = smaller;
      index = child;
    }
    heap[index] = last;
  }
}
