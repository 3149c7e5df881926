import { describe, expect, it } from 'vitest';
import { PresenceEngine } from './engine';
import { FakeClock } from './fake-clock';
import type { PresenceLayers } from './layers';
import type { PresenceLayerStore, StoredLayers } from './persist-queue';

const T0 = 1_700_000_000_000;
const MIN = 60_000;

class MemoryLayerStore implements PresenceLayerStore {
  readonly rows = new Map<string, PresenceLayers>();
  loads = 0;
  async loadAll() {
    this.loads++;
    return [...this.rows].map(([userId, layers]) => ({ userId, layers: structuredClone(layers) }));
  }
  commits = 0;
  async saveAll(entries: readonly StoredLayers[]) {
    this.commits++;
    for (const { userId, layers } of entries) this.rows.set(userId, structuredClone(layers));
  }
}

describe('PresenceEngine persistence', () => {
  it('writes chosen, out of office and claims, and a new engine picks them up with their deadlines', async () => {
    const store = new MemoryLayerStore();
    const clock = new FakeClock(T0);
    const first = new PresenceEngine({ clock, graceMs: 0, layerStore: store });
    first.connect('u', 's1');
    first.set('u', 's1', { status: 'busy', message: 'Release', until: T0 + 2 * MIN });
    first.setOutOfOffice('u', { from: T0 + 10 * MIN, to: T0 + 20 * MIN, message: 'Dentist' });
    first.setClaim('u', { source: 'phone', id: 'c', status: 'dnd', activity: 'On a call', until: T0 + MIN });
    first.reportDevice('u', 's1', { state: 'idle' });
    await first.whenPersisted();
    first.dispose();
    expect(store.rows.get('u')?.chosen).toEqual({ status: 'busy', message: 'Release', until: T0 + 2 * MIN });

    const second = new PresenceEngine({ clock, graceMs: 0, layerStore: store });
    expect(await second.load()).toBe(1);
    expect(store.loads).toBe(1);
    const ready = second.connect('u', 's2');
    // Device states are not persisted: the new session starts active.
    expect(ready).toMatchObject({ status: 'dnd', activity: 'On a call', idleSince: null });
    clock.advance(MIN);
    expect(second.presenceOf('u')).toMatchObject({ status: 'busy', source: 'manual', until: T0 + 2 * MIN });
    clock.advance(MIN);
    expect(second.presenceOf('u')).toMatchObject({ status: 'available', message: null });
    await second.whenPersisted();
    expect(store.rows.get('u')?.claims).toEqual([]);
    expect(store.rows.get('u')?.chosen.status).toBe('available');
  });

  it('commits the changes of one turn together, each user once with their latest layers', async () => {
    const store = new MemoryLayerStore();
    const clock = new FakeClock(T0);
    const engine = new PresenceEngine({ clock, graceMs: 0, layerStore: store });
    for (let i = 0; i < 100; i++) {
      engine.setClaim(`u${i % 10}`, {
        source: 'phone',
        id: 'c',
        status: 'busy',
        activity: `#${i}`,
        until: T0 + MIN,
      });
    }
    await engine.whenPersisted();
    expect(store.commits).toBe(1);
    expect(store.rows.size).toBe(10);
    expect(store.rows.get('u3')?.claims[0]?.activity).toBe('#93');
    engine.clearClaim('u3', 'phone', 'c');
    await engine.whenPersisted();
    expect(store.commits).toBe(2);
    expect(store.rows.get('u3')?.claims).toEqual([]);
    engine.dispose();
  });

  it('drops layers that ended while the server was down', async () => {
    const store = new MemoryLayerStore();
    store.rows.set('u', {
      chosen: { status: 'dnd', message: 'x', until: T0 - 1 },
      outOfOffice: { from: T0 - 2 * MIN, to: T0 - MIN, message: null },
      claims: [{ source: 'cal', id: 'm', status: 'busy', activity: 'Meeting', until: T0 - 5 }],
    });
    const engine = new PresenceEngine({ clock: new FakeClock(T0), graceMs: 0, layerStore: store });
    await engine.load();
    await engine.whenPersisted();
    expect(store.rows.get('u')).toEqual({
      chosen: { status: 'available', message: null, until: null },
      outOfOffice: null,
      claims: [],
    });
  });

  it('keeps going on its memory when a write fails, and says so', async () => {
    const errors: string[] = [];
    const failing: PresenceLayerStore = {
      loadAll: async () => [],
      saveAll: async () => {
        throw new Error('disk full');
      },
    };
    const engine = new PresenceEngine({
      clock: new FakeClock(T0),
      graceMs: 0,
      layerStore: failing,
      onPersistError: (error, userId) => errors.push(`${userId}: ${(error as Error).message}`),
    });
    engine.connect('u', 's');
    expect(engine.set('u', 's', { status: 'busy' }).status).toBe('busy');
    await engine.whenPersisted();
    expect(errors).toEqual(['u: disk full']);
  });
});
