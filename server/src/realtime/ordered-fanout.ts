/**
 * Runs fan-out steps one after another per key (a conversation), in the order they were
 * queued. A step that must look something up first (the first message of a direct
 * conversation announces the conversation before the message) would otherwise let the
 * conversation's later messages overtake it. A failing step is reported and never stops
 * the ones queued after it.
 */
export class OrderedFanout {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly onError: (error: unknown, key: string) => void) {}

  /** Queues `step` after the key's earlier steps; resolves when it has run. */
  run(key: string, step: () => void | Promise<void>): Promise<void> {
    const previous = this.tails.get(key);
    const current = (previous ?? Promise.resolve())
      .then(step)
      .catch((error: unknown) => this.onError(error, key));
    this.tails.set(key, current);
    void current.then(() => {
      if (this.tails.get(key) === current) this.tails.delete(key);
    });
    return current;
  }
}
