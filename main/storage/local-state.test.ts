import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordingLogger } from '../testing/fakes';
import { LocalStateStore } from './local-state';

describe('LocalStateStore', () => {
  it('remembers the window placement and the close hint across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'beacon-state-'));
    const file = join(dir, 'state.json');
    const store = await LocalStateStore.open(file, new RecordingLogger());
    expect(store.get()).toEqual({ window: null, closeHintShown: false });
    await store.update({ window: { bounds: { x: 10, y: 20, width: 800, height: 600 }, maximized: true } });
    await store.update({ closeHintShown: true });
    const reopened = await LocalStateStore.open(file, new RecordingLogger());
    expect(reopened.get()).toEqual({
      window: { bounds: { x: 10, y: 20, width: 800, height: 600 }, maximized: true },
      closeHintShown: true,
    });
  });

  it('falls back per field on bad content', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'beacon-state-'));
    const file = join(dir, 'state.json');
    await writeFile(file, JSON.stringify({ window: { bounds: { x: 'left' } }, closeHintShown: true }));
    const store = await LocalStateStore.open(file, new RecordingLogger());
    expect(store.get()).toEqual({ window: null, closeHintShown: true });
  });

  it('starts over on a corrupt file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'beacon-state-'));
    const file = join(dir, 'state.json');
    await writeFile(file, 'garbage');
    const log = new RecordingLogger();
    const store = await LocalStateStore.open(file, log);
    expect(store.get().window).toBeNull();
    expect(log.messages('warn')).toEqual(['local state unreadable; starting over']);
    await store.update({ closeHintShown: true });
    expect(JSON.parse(await readFile(file, 'utf8')).closeHintShown).toBe(true);
  });
});
