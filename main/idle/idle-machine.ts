import type { DeviceState } from '@beacon/protocol';

export type IdleInput =
  /** A poll of the OS: seconds since the last keyboard/mouse input. */
  | { type: 'tick'; idleSeconds: number; now: number }
  | { type: 'lock-screen' | 'unlock-screen' | 'suspend' | 'resume'; now: number }
  | { type: 'threshold'; seconds: number };

/** This device's state and since when (the protocol's `device:activity` without label and OS focus). */
export interface DeviceFact {
  state: DeviceState;
  since: number;
}

export interface IdleSnapshot extends DeviceFact {
  thresholdSeconds: number;
}

/**
 * Maps what the OS says (idle time polls, lock/unlock, suspend/resume) to this device's state.
 * Pure and status-free: it reports facts (`active`, `idle`, `locked`, `suspended`, since when);
 * the server alone decides what status they mean. `handle` returns the new fact when the state
 * changed, else null.
 *
 * - Idle for the threshold → `idle`, since the last input (not since the poll that saw it).
 * - Screen lock → `locked`, suspend → `suspended`, at once. `since` stays the start of the time
 *   away from the keyboard when the device was already idle (idle 10 min, then locked: locked
 *   since 10 min ago).
 * - Input (the OS idle time drops), unlock or resume → `active`, since now. Readings while the
 *   screen is locked are ignored: input on the lock screen is not the user being back.
 */
export class IdleMachine {
  private state: DeviceState = 'active';
  private since: number;
  private lastIdleSeconds = 0;
  private thresholdSeconds: number;

  constructor(thresholdSeconds: number, now: number) {
    this.thresholdSeconds = validThreshold(thresholdSeconds);
    this.since = now;
  }

  handle(input: IdleInput): DeviceFact | null {
    switch (input.type) {
      case 'tick':
        return this.tick(input.idleSeconds, input.now);
      case 'lock-screen':
        return this.away('locked', input.now);
      case 'suspend':
        return this.away('suspended', input.now);
      case 'unlock-screen':
      case 'resume':
        this.lastIdleSeconds = 0;
        return this.become('active', input.now);
      case 'threshold':
        this.thresholdSeconds = validThreshold(input.seconds);
        return null;
    }
  }

  snapshot(): IdleSnapshot {
    return { state: this.state, since: this.since, thresholdSeconds: this.thresholdSeconds };
  }

  private tick(idleSeconds: number, now: number): DeviceFact | null {
    if (!Number.isFinite(idleSeconds) || idleSeconds < 0) return null;
    // The OS idle time only grows without input: a smaller reading means the user is back.
    const inputSinceLastTick = idleSeconds < this.lastIdleSeconds;
    this.lastIdleSeconds = idleSeconds;
    switch (this.state) {
      case 'active':
        return idleSeconds >= this.thresholdSeconds
          ? this.away('idle', now - Math.round(idleSeconds * 1000))
          : null;
      case 'idle':
      case 'suspended':
        // Suspended: a missed resume event is covered by the next input.
        return inputSinceLastTick ? this.become('active', now) : null;
      case 'locked':
        return null;
    }
  }

  private away(state: Exclude<DeviceState, 'active'>, since: number): DeviceFact | null {
    return this.become(state, this.state === 'active' ? since : this.since);
  }

  private become(state: DeviceState, since: number): DeviceFact | null {
    if (state === this.state) return null;
    this.state = state;
    this.since = since;
    return { state, since };
  }
}

function validThreshold(seconds: number): number {
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 300;
}
