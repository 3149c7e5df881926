// Types of leftover-processes.mjs, for the TypeScript self-test.
export interface Marker {
  name: string;
  value: string;
}
export interface Leftover {
  pid: number;
  command: string;
  /** `127.0.0.1:7878`, `[::]:41234` … */
  listening: string[];
}
export interface Step {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  stdio?: 'inherit' | 'ignore' | 'pipe';
}
export interface StepResult {
  ok: boolean;
  exitedOk: boolean;
  leaked: boolean;
  leftovers: Leftover[];
  status: number | null;
  error?: Error;
}
export const leftoverCheckSupported: boolean;
export function newMarker(name?: string): Marker;
export function markedPids(marker: Marker, exclude?: number[]): number[];
export function listeningAddresses(pid: number): string[];
export function collectLeftovers(
  marker: Marker,
  options?: { graceMs?: number; exclude?: number[] },
): Promise<Leftover[]>;
export function formatLeftovers(stepName: string, leftovers: Leftover[]): string[];
export function runStep(
  step: Step,
  options?: { marker?: Marker; cwd?: string; log?: (line: string) => void; graceMs?: number },
): Promise<StepResult>;
