// Electron needs a display: scripts/test.mjs runs the `_electron` step through this.
import { statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Whether an executable file of that name is in one of PATH's folders. */
export function onPath(name, path = process.env.PATH ?? '') {
  return path.split(delimiter).some((dir) => {
    try {
      return dir !== '' && statSync(join(dir, name)).isFile();
    } catch {
      return false;
    }
  });
}

/**
 * On Linux without DISPLAY, the step runs under `xvfb-run -a` (a private X server on a free
 * display number, which xvfb-run stops when the step ends). Without xvfb-run the step is
 * returned as it is, with a note saying why Electron's windows may not open.
 */
export function underDisplay(
  step,
  { env = process.env, platform = process.platform, log = console.log } = {},
) {
  if (platform !== 'linux' || env.DISPLAY) return step;
  if (!onPath('xvfb-run', env.PATH ?? '')) {
    log(
      'No DISPLAY and no xvfb-run: Electron cannot open a window here, if installed (apt-get install xvfb).',
    );
    return step;
  }
  return {
    ...step,
    command: 'xvfb-run',
    args: ['-a', '--server-args=-screen 0 1280x1024x24', step.command, ...step.args],
  };
}
