import type { CommandName, Commands } from './commands';

/** Sends one acknowledged command (rejects with a CommandError). */
export type RunCommand = <K extends CommandName>(
  name: K,
  payload: Commands[K]['payload'],
) => Promise<Commands[K]['result']>;
