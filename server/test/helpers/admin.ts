import { type AdminIo, runAdmin } from '../../src/accounts/admin-cli';

/**
 * Runs `npm run admin -- …` in-process on a data directory (no terminal, no prompts) and collects
 * what it printed; `io` overrides parts of the I/O (e.g. cheaper password hashing).
 */
export async function runAdminInProcess(
  dataDir: string,
  args: readonly string[],
  io: Partial<AdminIo> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runAdmin(['--data-dir', dataDir, ...args], {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    stdinIsTTY: false,
    promptHidden: () => Promise.reject(new Error('no prompt in tests')),
    ...io,
  });
  return { code, out, err };
}
