import { describe, expect, it } from 'vitest';
import { RecordingLogger } from '../testing/fakes';
import { createOsFocusPort } from './os-focus';

// The real optional modules, loaded through createRequire as in the app. Off Windows they load
// but throw "works only on Windows" (or are not installed at all): either way, unknown.
describe('createOsFocusPort with the real native modules', () => {
  it.skipIf(process.platform === 'win32')(
    'Windows modules off Windows: unknown, never muted, one log line per module',
    () => {
      const log = new RecordingLogger();
      const port = createOsFocusPort({ log, appUserModelId: 'org.beacon.desktop', platform: 'win32' });
      for (let i = 0; i < 3; i++)
        expect(port?.read()).toEqual({ doNotDisturb: null, presenting: null, name: null });
      expect(log.messages('warn')).toHaveLength(2);
    },
  );

  it('no source on Linux', () => {
    expect(
      createOsFocusPort({ log: new RecordingLogger(), appUserModelId: 'x', platform: 'linux' }),
    ).toBeUndefined();
  });
});
