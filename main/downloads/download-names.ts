import { extname, join } from 'node:path';

const MAX_NAME_CHARS = 200;
/** Names Windows reserves for devices, with any extension ("con.txt" is the console too). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * A file name that is safe in any Downloads folder: no folders (a name cannot climb out with
 * "../"), no characters Windows or macOS refuse, no control characters, not hidden, not a
 * Windows device name, at most 200 characters (keeping the extension).
 */
export function safeFileName(name: string, fallback = 'download'): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  let safe = base
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  if (safe === '' || WINDOWS_RESERVED.test(safe)) safe = safe === '' ? fallback : `_${safe}`;
  if (safe.length > MAX_NAME_CHARS) {
    const extension = extname(safe).slice(0, 20);
    safe = `${safe.slice(0, MAX_NAME_CHARS - extension.length).trimEnd()}${extension}`;
  }
  return safe;
}

/**
 * `dir/name`, or the first of "name (1).ext", "name (2).ext"… that is not taken (an existing
 * file, or a download still running under that name).
 */
export function uniqueFilePath(dir: string, name: string, isTaken: (path: string) => boolean): string {
  const first = join(dir, name);
  if (!isTaken(first)) return first;
  const extension = extname(name);
  const stem = extension && extension !== name ? name.slice(0, -extension.length) : name;
  for (let n = 1; n < 10_000; n++) {
    const candidate = join(dir, `${stem} (${n})${stem === name ? '' : extension}`);
    if (!isTaken(candidate)) return candidate;
  }
  return join(dir, `${stem} (${Date.now()})${stem === name ? '' : extension}`);
}
