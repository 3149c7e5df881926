import type { DeviceActivityPayload, OutOfOffice, Presence, PresenceSetPayload } from '@beacon/protocol';
import type { AppStore } from '../store';
import type { RunCommand } from './command-runner';
import { CommandError } from './errors';

export interface OwnPresenceDeps {
  store: AppStore;
  command: RunCommand;
  isOnline(): boolean;
}

/** A v1 server knows no `device:activity`: the same fact as v1's automatic `presence:set`. */
export function deviceReportAsV1(report: DeviceActivityPayload, now: number): PresenceSetPayload {
  if (report.state === 'active') return { status: 'available', auto: true, idleSince: null };
  return { status: 'away', auto: true, idleSince: report.since ?? now };
}

/** A v1-style automatic request (an older host's idle detection) read as the device fact it is. */
export function v1AutoAsDeviceReport(request: PresenceSetPayload): DeviceActivityPayload {
  if (request.status === 'available' || request.idleSince === null) return { state: 'active' };
  return request.idleSince === undefined ? { state: 'idle' } : { state: 'idle', since: request.idleSince };
}

function isConnectionFailure(error: unknown): boolean {
  return error instanceof CommandError && (error.code === 'disconnected' || error.code === 'timeout');
}

/**
 * The user's own presence: choices (status, note, `until`, out of office) and this device's facts.
 * A choice made while disconnected is kept and sent on reconnect; the last device state is sent
 * again after every reconnect, since the server forgets device states with the session.
 */
export class OwnPresence {
  private lastDevice: DeviceActivityPayload | null = null;
  private label: string | undefined;
  private flushing: Promise<void> | null = null;

  constructor(private readonly deps: OwnPresenceDeps) {}

  /**
   * Sets the chosen layer. Resolves with the new own presence, or with null when the choice was
   * queued because the connection is down (it is sent once reconnected). A v1 `auto` request is a
   * device report, not a choice.
   */
  async setPresence(payload: PresenceSetPayload): Promise<Presence | null> {
    if (payload.auto) {
      await this.reportDeviceActivity(v1AutoAsDeviceReport(payload));
      return null;
    }
    const state = this.deps.store.getState();
    if (!this.deps.isOnline()) {
      state.setQueuedChoice(mergeChoice(state.queuedChoice, payload));
      return null;
    }
    try {
      const presence = await this.sendChoice(payload);
      const queued = this.deps.store.getState().queuedChoice;
      if (queued === payload) this.deps.store.getState().setQueuedChoice(null);
      return presence;
    } catch (error) {
      if (!isConnectionFailure(error)) throw error;
      this.deps.store
        .getState()
        .setQueuedChoice(mergeChoice(this.deps.store.getState().queuedChoice, payload));
      return null;
    }
  }

  /** This session's device state (idle, locked…): sent now when connected, and again after every reconnect. */
  async reportDeviceActivity(report: DeviceActivityPayload): Promise<void> {
    if (report.label) this.label = report.label;
    this.lastDevice = report;
    if (this.deps.isOnline()) await this.sendDevice(report).catch(() => undefined);
  }

  async setOutOfOffice(outOfOffice: OutOfOffice): Promise<Presence> {
    const { presence } = await this.deps.command('presence:out-of-office', {
      from: outOfOffice.from,
      to: outOfOffice.to,
      message: outOfOffice.message,
    });
    this.deps.store.getState().applyPresences([presence]);
    return presence;
  }

  async clearOutOfOffice(): Promise<Presence> {
    const { presence } = await this.deps.command('presence:out-of-office', { clear: true });
    this.deps.store.getState().applyPresences([presence]);
    return presence;
  }

  async watch(userId: string): Promise<void> {
    await this.deps.command('presence:watch', { userId });
    this.deps.store.getState().setWatching(userId, true);
  }

  async unwatch(userId: string): Promise<void> {
    await this.deps.command('presence:unwatch', { userId });
    this.deps.store.getState().setWatching(userId, false);
  }

  /** After `ready`: first the choice made while away, then the device state the new session lacks. */
  onReady(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.flush().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async flush(): Promise<void> {
    const queued = this.deps.store.getState().queuedChoice;
    if (queued) {
      try {
        await this.sendChoice(queued);
        if (this.deps.store.getState().queuedChoice === queued)
          this.deps.store.getState().setQueuedChoice(null);
      } catch (error) {
        // Refused (not a connection problem): the server will never take it, so stop showing it.
        if (!isConnectionFailure(error) && this.deps.store.getState().queuedChoice === queued) {
          this.deps.store.getState().setQueuedChoice(null);
        }
      }
    }
    const device = this.lastDevice;
    // A v1 server starts every session active; only a non-active state is news to it.
    const v1Redundant = this.deps.store.getState().serverProtocol < 2 && device?.state === 'active';
    if (device && !v1Redundant && this.deps.isOnline()) {
      const report = this.label ? { ...device, label: this.label } : device;
      await this.sendDevice(report).catch(() => undefined);
    }
  }

  private async sendChoice(payload: PresenceSetPayload): Promise<Presence> {
    const { presence } = await this.deps.command('presence:set', payload);
    const state = this.deps.store.getState();
    state.setManualStatus(payload.status);
    state.applyPresences([presence]);
    return presence;
  }

  private async sendDevice(report: DeviceActivityPayload): Promise<void> {
    if (this.deps.store.getState().serverProtocol >= 2) {
      const { presence } = await this.deps.command('device:activity', report);
      this.deps.store.getState().applyPresences([presence]);
      return;
    }
    const { presence } = await this.deps.command('presence:set', deviceReportAsV1(report, Date.now()));
    this.deps.store.getState().applyPresences([presence]);
  }
}

/** Two choices made while offline: the later status wins; a note set earlier stays unless replaced. */
function mergeChoice(earlier: PresenceSetPayload | null, later: PresenceSetPayload): PresenceSetPayload {
  if (!earlier || later.message !== undefined || earlier.message === undefined) return later;
  return { ...later, message: earlier.message };
}
