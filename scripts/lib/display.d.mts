// Types of display.mjs, for the TypeScript tests.
export function onPath(name: string, path?: string): boolean;
export function underDisplay<T extends { command: string; args: string[] }>(
  step: T,
  options?: { env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; log?: (line: string) => void },
): T;
