import { z } from 'zod';
import type { Logger } from '../logger';
import { type WindowState, windowStateSchema } from '../window/window-state';
import { preserveCopy, readJsonFile, SerialQueue, writeJsonFileAtomic } from './json-file';

/** What the app remembers for itself (not settings): window placement, hints already shown. */
export interface LocalState {
  window: WindowState | null;
  closeHintShown: boolean;
}

const localStateSchema = z.object({
  window: windowStateSchema.nullable().catch(null),
  closeHintShown: z.boolean().catch(false),
});

const INITIAL: LocalState = { window: null, closeHintShown: false };

export class LocalStateStore {
  private readonly writes = new SerialQueue();

  private constructor(
    private readonly file: string,
    private state: LocalState,
  ) {}

  /** `<userData>/state.json`; anything unusable in it falls back to the initial value. */
  static async open(file: string, log: Logger, now: () => number = Date.now): Promise<LocalStateStore> {
    const read = await readJsonFile(file);
    if (read.kind === 'ok') {
      const parsed = localStateSchema.safeParse(read.value);
      if (parsed.success) return new LocalStateStore(file, parsed.data);
    }
    if (read.kind !== 'missing') {
      const copy = await preserveCopy(file, 'unreadable', now());
      log.warn('local state unreadable; starting over', { file, copy });
    }
    return new LocalStateStore(file, { ...INITIAL });
  }

  get(): LocalState {
    return structuredClone(this.state);
  }

  update(patch: Partial<LocalState>): Promise<void> {
    this.state = { ...this.state, ...patch };
    const snapshot = structuredClone(this.state);
    return this.writes.run(() => writeJsonFileAtomic(this.file, snapshot));
  }
}
