// Types of build.mjs, for the tests (server/test/server-build.test.ts).
export const DIST_DIR: string;
export const OUTPUTS: string[];
export function isStale(layout: { outputs: string[]; sourceDirs: string[]; sourceFiles: string[] }): boolean;
export function serverBuildIsStale(): boolean;
export function buildServer(options?: { outdir?: string }): Promise<number>;
export function ensureServerBuild(): Promise<void>;
