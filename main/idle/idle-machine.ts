import type { PresenceSetPayload, PresenceStatus } from '@beacon/protocol';

export type IdlePhase = 'active' | 'idle' | 'locked' | 'suspended';

export type IdleInput =
  /** A poll of the OS: seconds since the last keyboard/mouse input. */
  | { type: 'tick'; idleSeconds: number; now: number }
  | { type: 'lock-screen' | 'suspend'; now: number }
  | { type: 'unlock-screen' | 'resume'; now: number }
  /**
   * The user's effective status as the server reported it (renderer → host); null while it is
   * unknown (the page is reloading): what this machine did (an automatic Away) is kept.
   */
  | { type: 'presence'; status: PresenceStatus | null }
  /** The user signed out: nothing to restore on a later sign-in. */
  | { type: 'signed-out' }
  | { type: 'threshold'; seconds: number };

export interface IdleSnapshot {
  phase: IdlePhase;
  status: PresenceStatus | null;
  idleSince: number | null;
  /** The status to restore when the user is back, set only when this machine made them Away. */
  restoreTo: PresenceStatus | null;
  thresholdSeconds: number;
}

/**
 * The one set of rules for automatic away. Pure: inputs in, `presence:set` requests out
 * (the renderer sends them to the server).
 *
 * - Idle past the threshold, or at once on screen lock / suspend: Available becomes Away
 *   with `auto: true` and `idleSince`. Busy, Do not disturb, a manual Away and Appear
 *   offline are kept, but the server still learns `idleSince`.
 * - Activity, unlock or resume: the previous status comes back only if the Away was ours
 *   (and nobody chose another status meanwhile); otherwise the server just learns that
 *   this session is active again (`idleSince: null`).
 * - Each idle period is announced once, whatever the presence echoes say, so a server that
 *   keeps the user Available (another device is active) never causes a request loop.
 */
export class IdleMachine {
  private phase: IdlePhase = 'active';
  private status: PresenceStatus | null = null;
  private idleSince: number | null = null;
  private restoreTo: PresenceStatus | null = null;
  private announced = false;
  private lastIdleSeconds = 0;
  private thresholdSeconds: number;

  constructor(thresholdSeconds: number) {
    this.thresholdSeconds = validThreshold(thresholdSeconds);
  }

  handle(input: IdleInput): PresenceSetPayload[] {
    switch (input.type) {
      case 'tick':
        return this.tick(input.idleSeconds, input.now);
      case 'lock-screen':
        return this.becomeIdle('locked', input.now);
      case 'suspend':
        return this.becomeIdle('suspended', input.now);
      case 'unlock-screen':
      case 'resume':
        this.lastIdleSeconds = 0;
        return this.becomeActive();
      case 'presence':
        return this.presence(input.status);
      case 'signed-out':
        this.status = null;
        this.restoreTo = null;
        this.announced = false;
        return [];
      case 'threshold':
        this.thresholdSeconds = validThreshold(input.seconds);
        return [];
    }
  }

  snapshot(): IdleSnapshot {
    return {
      phase: this.phase,
      status: this.status,
      idleSince: this.idleSince,
      restoreTo: this.restoreTo,
      thresholdSeconds: this.thresholdSeconds,
    };
  }

  private tick(idleSeconds: number, now: number): PresenceSetPayload[] {
    if (!Number.isFinite(idleSeconds) || idleSeconds < 0) return [];
    // The OS idle time only grows without input: a smaller reading means the user is back.
    const inputSinceLastTick = idleSeconds < this.lastIdleSeconds;
    this.lastIdleSeconds = idleSeconds;
    switch (this.phase) {
      case 'active':
        return idleSeconds >= this.thresholdSeconds
          ? this.becomeIdle('idle', now - Math.round(idleSeconds * 1000))
          : [];
      case 'idle':
      case 'suspended':
        return inputSinceLastTick ? this.becomeActive() : [];
      case 'locked':
        // Input on the lock screen is not the user being back; unlock-screen says that.
        return [];
    }
  }

  private becomeIdle(phase: Exclude<IdlePhase, 'active'>, since: number): PresenceSetPayload[] {
    if (this.phase !== 'active') {
      // Already away from the keyboard (e.g. idle, then locked): keep the earlier idleSince.
      this.phase = phase;
      return [];
    }
    this.phase = phase;
    this.idleSince = since;
    return this.announce();
  }

  private announce(): PresenceSetPayload[] {
    if (this.status === null || this.idleSince === null) return [];
    this.announced = true;
    if (this.status === 'available') {
      this.restoreTo = 'available';
      return [{ status: 'away', auto: true, idleSince: this.idleSince }];
    }
    return [{ status: this.status, idleSince: this.idleSince }];
  }

  private becomeActive(): PresenceSetPayload[] {
    if (this.phase === 'active') return [];
    const wasAnnounced = this.announced;
    const restoreTo = this.restoreTo;
    this.phase = 'active';
    this.idleSince = null;
    this.announced = false;
    this.restoreTo = null;
    if (!wasAnnounced || this.status === null) return [];
    if (restoreTo !== null && (this.status === 'away' || this.status === restoreTo)) {
      return [{ status: restoreTo, auto: true, idleSince: null }];
    }
    return [{ status: this.status, idleSince: null }];
  }

  private presence(status: PresenceStatus | null): PresenceSetPayload[] {
    this.status = status;
    // Unknown (a reloading page): keep restoreTo, so the reloaded page's report of our own
    // automatic Away is not mistaken for a manual one.
    if (status === null) return [];
    // Away is our own request echoed back, and Available can be the server keeping the
    // user available for another active device; any other status is the user's choice.
    if (this.restoreTo !== null && status !== 'away' && status !== this.restoreTo) this.restoreTo = null;
    if (this.phase !== 'active' && !this.announced) return this.announce();
    return [];
  }
}

function validThreshold(seconds: number): number {
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 300;
}
