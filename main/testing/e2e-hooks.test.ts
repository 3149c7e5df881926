import { describe, expect, it, vi } from 'vitest';
import { buildTrayModel } from '../tray/tray-model';
import { e2eEnabled, findTrayCommand, ScriptedPower } from './e2e-hooks';

describe('e2e hooks', () => {
  it('are enabled only with BEACON_E2E=1, and never in a packaged app', () => {
    expect(e2eEnabled({ BEACON_E2E: '1' }, false)).toBe(true);
    expect(e2eEnabled({ BEACON_E2E: 'true' }, false)).toBe(false);
    expect(e2eEnabled({}, false)).toBe(false);
    expect(e2eEnabled({ BEACON_E2E: '1' }, true)).toBe(false);
  });

  it('find enabled tray items by label', () => {
    const model = buildTrayModel({ status: 'available', unread: 0 });
    expect(findTrayCommand(model, 'Busy')).toEqual({ kind: 'set-status', status: 'busy' });
    expect(findTrayCommand(model, 'Nope')).toBeNull();
    expect(findTrayCommand(buildTrayModel({ status: null, unread: 0 }), 'Busy')).toBeNull();
  });

  it('script the power source', () => {
    const power = new ScriptedPower();
    const lock = vi.fn();
    power.on('lock-screen', lock);
    power.setIdleSeconds(400);
    power.emit('lock-screen');
    power.off('lock-screen', lock);
    power.emit('lock-screen');
    expect(power.getSystemIdleTime()).toBe(400);
    expect(lock).toHaveBeenCalledOnce();
  });
});
