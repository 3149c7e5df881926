import type { BeaconEvent } from './bus';

/**
 * The last `capacity` events, oldest first, for `Last-Event-ID` resumes. A ring: memory is
 * bounded whatever the event rate. Relies on the bus's ids being contiguous after `startId`.
 */
export class ReplayBuffer {
  private readonly events: Array<BeaconEvent | undefined>;
  private start = 0;
  private size = 0;
  private latestId: number;

  constructor(
    readonly capacity: number,
    startId: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('replay buffer: capacity must be ≥ 1');
    this.events = new Array<BeaconEvent | undefined>(capacity);
    this.latestId = startId;
  }

  push(event: BeaconEvent): void {
    const end = (this.start + this.size) % this.capacity;
    this.events[end] = event;
    if (this.size < this.capacity) this.size += 1;
    else this.start = (this.start + 1) % this.capacity;
    this.latestId = event.id;
  }

  /**
   * The events after `lastId`, oldest first; `reset` when some after it are no longer kept
   * (it is older than the buffer, e.g. from before a restart) or it was never handed out.
   */
  since(lastId: number): BeaconEvent[] | 'reset' {
    if (!Number.isSafeInteger(lastId) || lastId > this.latestId) return 'reset';
    const oldestKept = this.size > 0 ? (this.at(0)?.id ?? this.latestId + 1) : this.latestId + 1;
    if (lastId < oldestKept - 1) return 'reset';
    const after: BeaconEvent[] = [];
    for (let index = lastId - (oldestKept - 1); index < this.size; index += 1) {
      const event = this.at(index);
      if (event) after.push(event);
    }
    return after;
  }

  private at(index: number): BeaconEvent | undefined {
    return this.events[(this.start + index) % this.capacity];
  }
}
