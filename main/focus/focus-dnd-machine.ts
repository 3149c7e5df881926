import type { PresenceSetPayload, PresenceStatus } from '@beacon/protocol';

export type FocusDndInput =
  /** The OS's own Do not disturb (Focus Assist, macOS Focus); unknown counts as off. */
  | { type: 'os-focus'; on: boolean }
  /** The setting `dndDuringOsFocus`. */
  | { type: 'enabled'; enabled: boolean }
  /**
   * The user's effective status as the server reported it; null while unknown (the page is
   * reloading). `automaticAway`: an Away that idle detection set (it will restore it).
   */
  | { type: 'presence'; status: PresenceStatus | null; automaticAway: boolean }
  | { type: 'signed-out' };

/**
 * - `off`: no OS focus, or the setting is off.
 * - `watching`: focus is on; Do not disturb is asked for as soon as the user is Available.
 * - `applied`: this machine asked for Do not disturb in this focus period.
 * - `declined`: the user had (or chose) another status in this period; it is left alone.
 */
export type FocusDndPhase = 'off' | 'watching' | 'applied' | 'declined';

export interface FocusDndSnapshot {
  phase: FocusDndPhase;
  focusOn: boolean;
  enabled: boolean;
  status: PresenceStatus | null;
  /** The status to restore when focus ends, set only while this machine's Do not disturb stands. */
  restoreTo: PresenceStatus | null;
}

/**
 * "Do not disturb while the OS is in Focus": pure, inputs in, `presence:set` requests out.
 *
 * - Focus turns on (setting on): an Available user is set to Do not disturb (`auto: true`).
 *   An automatic Away (idle) is left to idle detection: when the user is back and it
 *   restores Available, Do not disturb follows at once. Busy, Do not disturb, a manual Away or
 *   Appear offline are the user's choice and are kept for the whole focus period.
 * - Focus turns off (or the setting is turned off): Available comes back only if this machine
 *   set the Do not disturb and nobody chose another status meanwhile (the same rule as idle
 *   detection's restoreTo). The user picking Available during focus is respected: it is not
 *   overridden again in the same focus period.
 */
export class FocusDndMachine {
  private phase: FocusDndPhase = 'off';
  private focusOn = false;
  private enabled: boolean;
  private status: PresenceStatus | null = null;
  private automaticAway = false;
  private restoreTo: PresenceStatus | null = null;

  constructor(enabled: boolean) {
    this.enabled = enabled;
  }

  handle(input: FocusDndInput): PresenceSetPayload[] {
    switch (input.type) {
      case 'os-focus':
        this.focusOn = input.on;
        return this.periodChanged();
      case 'enabled':
        this.enabled = input.enabled;
        return this.periodChanged();
      case 'presence':
        return this.presence(input.status, input.automaticAway);
      case 'signed-out':
        this.status = null;
        this.automaticAway = false;
        this.restoreTo = null;
        this.phase = this.active ? 'watching' : 'off';
        return [];
    }
  }

  snapshot(): FocusDndSnapshot {
    return {
      phase: this.phase,
      focusOn: this.focusOn,
      enabled: this.enabled,
      status: this.status,
      restoreTo: this.restoreTo,
    };
  }

  private get active(): boolean {
    return this.focusOn && this.enabled;
  }

  private periodChanged(): PresenceSetPayload[] {
    if (this.active) {
      if (this.phase !== 'off') return [];
      this.phase = 'watching';
      return this.tryApply();
    }
    if (this.phase === 'off') return [];
    const restoreTo = this.phase === 'applied' ? this.restoreTo : null;
    this.phase = 'off';
    this.restoreTo = null;
    if (restoreTo !== null && this.status === 'dnd') return [{ status: restoreTo, auto: true }];
    return [];
  }

  private presence(status: PresenceStatus | null, automaticAway: boolean): PresenceSetPayload[] {
    // Unknown (a reloading page): keep what this machine did.
    if (status === null) {
      this.status = null;
      return [];
    }
    this.status = status;
    this.automaticAway = status === 'away' && automaticAway;
    // Do not disturb is our own request echoed back, Available the state before it (or the
    // echo still on its way); anything else is the user's choice, which ends the restore.
    if (this.restoreTo !== null && status !== 'dnd' && status !== this.restoreTo) this.restoreTo = null;
    if (this.phase === 'watching') return this.tryApply();
    return [];
  }

  private tryApply(): PresenceSetPayload[] {
    const status = this.status;
    // Unknown yet, or an automatic Away idle detection will restore: wait for Available.
    if (status === null || (status === 'away' && this.automaticAway)) return [];
    if (status === 'available') {
      this.phase = 'applied';
      this.restoreTo = 'available';
      return [{ status: 'dnd', auto: true }];
    }
    this.phase = 'declined';
    return [];
  }
}
