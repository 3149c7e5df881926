import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { electronBinary, SKIP_MESSAGE } from './electron-binary';

const root = join(import.meta.dirname, '..', '..');

/** Once per run: say plainly why the tests skip, or make sure the app is built. */
export default function globalSetup(): void {
  if (electronBinary() === null) {
    console.log(SKIP_MESSAGE);
    return;
  }
  const built = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].every((file) =>
    existsSync(join(root, file)),
  );
  if (!built) execFileSync('npm', ['run', 'build:electron'], { cwd: root, stdio: 'inherit' });
}
