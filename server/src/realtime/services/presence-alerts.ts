import { ProtocolError } from '@beacon/protocol';
import type { PresenceService } from '../../presence/service';
import { PresenceWatches } from '../../presence/watches';
import type { UserRepository } from '../../store/types';
import { userRoom } from '../rooms';
import type { BeaconIo } from '../types';

/**
 * `presence:watch`: a one-shot `presence:alert` to every session of the watcher the first
 * time the watched user shows `available` to others (already available: at once). A watcher
 * with no session at that moment keeps the watch and is alerted when a session connects.
 */
export class PresenceAlertService {
  private readonly watches = new PresenceWatches();
  private readonly stop: () => void;

  constructor(
    private readonly io: BeaconIo,
    private readonly users: Pick<UserRepository, 'byId'>,
    private readonly presence: PresenceService,
  ) {
    this.stop = presence.onChange(({ userId, others }) => {
      if (others?.status === 'available') this.alertWatchersOf(userId);
    });
  }

  async watch(watcherId: string, targetId: string): Promise<void> {
    if (targetId === watcherId) throw new ProtocolError('invalid', 'userId: you cannot watch yourself');
    const target = await this.users.byId(targetId);
    if (!target || target.disabled) throw new ProtocolError('not_found', `userId: no user ${targetId}`);
    this.watches.add(watcherId, targetId);
    // After the ack, so the client has its `ok` before the alert.
    if (this.presence.presenceOf(targetId).status === 'available') {
      setImmediate(() => this.alertWatchersOf(targetId));
    }
  }

  /** A session of `userId` joined its rooms: deliver what became due while none was connected. */
  sessionConnected(userId: string): void {
    for (const targetId of this.watches.targetsOf(userId)) this.alertWatchersOf(targetId);
  }

  unwatch(watcherId: string, targetId: string): void {
    this.watches.remove(watcherId, targetId);
  }

  dispose(): void {
    this.stop();
  }

  private alertWatchersOf(userId: string): void {
    const presence = this.presence.presenceOf(userId);
    if (presence.status !== 'available') return;
    const connected = (watcherId: string) => this.presence.sessionCount(watcherId) > 0;
    for (const watcherId of this.watches.takeWatchersOf(userId, connected)) {
      this.io.to(userRoom(watcherId)).emit('presence:alert', { userId, presence });
    }
  }
}
