import type { SettingsView, Unsubscribe, UserSettings } from '../../common/bridge';
import { describeIssues, parseStoredSettings, userSettingsPatchSchema } from '../../common/bridge-schemas';
import { errorMessage, type Logger } from '../logger';
import { preserveCopy, readJsonFile, SerialQueue, writeJsonFileAtomic } from '../storage/json-file';
import type { ManagedPolicy } from './policy';
import { applyPatch, resolveSettings } from './settings-model';

/** A change the user asked for that cannot be made; its message is shown as is. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

interface SettingsFile {
  version: 1;
  values: Partial<UserSettings>;
}

export interface SettingsStoreOptions {
  /** `<userData>/settings.json` */
  file: string;
  policy: ManagedPolicy;
  overrides?: Partial<UserSettings>;
  log: Logger;
  now?: () => number;
}

/**
 * The user's settings as a JSON file in the user-data folder, under the administrator's
 * policy. Only the user's own choices are stored, so a changed default or recommendation
 * reaches everyone who never touched that setting.
 */
export class SettingsStore {
  private user: Partial<UserSettings>;
  private current: SettingsView;
  private readonly listeners = new Set<(view: SettingsView) => void>();
  private readonly writes = new SerialQueue();

  private constructor(
    private readonly options: SettingsStoreOptions,
    user: Partial<UserSettings>,
  ) {
    this.user = user;
    this.current = this.resolve();
  }

  static async open(options: SettingsStoreOptions): Promise<SettingsStore> {
    const user = await readUserSettings(options);
    return new SettingsStore(options, user);
  }

  get view(): SettingsView {
    return structuredClone(this.current);
  }

  get values(): UserSettings {
    return this.view.values;
  }

  get policy(): ManagedPolicy {
    return this.options.policy;
  }

  /** Validates and stores a patch from the Settings screen; throws SettingsError naming the problem. */
  async update(patch: unknown): Promise<SettingsView> {
    const parsed = userSettingsPatchSchema.safeParse(patch);
    if (!parsed.success) throw new SettingsError(`Invalid settings: ${describeIssues(parsed.error)}`);
    const changes = parsed.data as Partial<UserSettings>;
    // Each update applies on top of the previous one, in order: none is lost.
    return this.writes.run(async () => {
      const result = applyPatch(this.user, changes, this.options.policy);
      if (!result.ok) throw new SettingsError(result.error);
      const file: SettingsFile = { version: 1, values: result.user };
      await writeJsonFileAtomic(this.options.file, file);
      this.user = result.user;
      const previous = this.current;
      this.current = this.resolve();
      if (JSON.stringify(previous) !== JSON.stringify(this.current)) this.emit();
      return this.view;
    });
  }

  onChange(listener: (view: SettingsView) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private resolve(): SettingsView {
    return resolveSettings({
      user: this.user,
      policy: this.options.policy,
      overrides: this.options.overrides,
    });
  }

  private emit(): void {
    for (const listener of this.listeners) {
      try {
        listener(this.view);
      } catch (error) {
        this.options.log.error('settings listener failed', { error: errorMessage(error) });
      }
    }
  }
}

/** Reads what the user chose; a corrupt file or a bad value is kept aside and reported, never fatal. */
async function readUserSettings({
  file,
  log,
  now = Date.now,
}: SettingsStoreOptions): Promise<Partial<UserSettings>> {
  const read = await readJsonFile(file);
  if (read.kind === 'missing') return {};
  if (read.kind === 'unreadable') {
    const copy = await preserveCopy(file, 'unreadable', now());
    log.warn('settings file unreadable; starting from defaults', { file, error: read.error, copy });
    return {};
  }
  const { values, problems } = parseStoredSettings(extractValues(read.value));
  if (problems.length > 0) {
    const copy = await preserveCopy(file, 'invalid', now());
    log.warn('settings file had invalid values; they are ignored', { file, problems, copy });
  }
  return values;
}

function extractValues(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const values = (value as { values?: unknown }).values;
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return {};
  return values as Record<string, unknown>;
}
