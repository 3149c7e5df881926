import type { DeviceActivityPayload } from '@beacon/protocol';
import type { DeviceFact } from './idle-machine';

/** What the OS focus monitor knows (main/focus/os-focus.ts): `doNotDisturb` null is unknown. */
export interface OsFocusFact {
  doNotDisturb: boolean | null;
  name?: string | null;
}

/**
 * This device's `device:activity` report: the idle machine's state, the device label and — only
 * when the user turned on `dndDuringOsFocus` — the OS's own focus mode. Facts only; the server
 * turns them into a status. Each setter answers the new report when it changed, else null.
 */
export class DeviceActivityReport {
  private fact: DeviceFact;
  private osFocus: OsFocusFact = { doNotDisturb: null };
  private report: DeviceActivityPayload;

  constructor(
    private readonly label: string,
    fact: DeviceFact,
    private followOsFocus: boolean,
  ) {
    this.fact = fact;
    this.report = this.build();
  }

  get current(): DeviceActivityPayload {
    return this.report;
  }

  setFact(fact: DeviceFact): DeviceActivityPayload | null {
    this.fact = fact;
    return this.update();
  }

  setOsFocus(osFocus: OsFocusFact): DeviceActivityPayload | null {
    this.osFocus = osFocus;
    return this.update();
  }

  setFollowOsFocus(follow: boolean): DeviceActivityPayload | null {
    this.followOsFocus = follow;
    return this.update();
  }

  private update(): DeviceActivityPayload | null {
    const next = this.build();
    const previous = this.report;
    if (
      next.state === previous.state &&
      next.since === previous.since &&
      next.osFocus?.name === previous.osFocus?.name
    )
      return null;
    this.report = next;
    return next;
  }

  private build(): DeviceActivityPayload {
    const focused = this.followOsFocus && this.osFocus.doNotDisturb === true;
    return {
      state: this.fact.state,
      since: this.fact.since,
      label: this.label,
      osFocus: focused ? { name: this.osFocus.name || 'Do not disturb' } : null,
    };
  }
}
