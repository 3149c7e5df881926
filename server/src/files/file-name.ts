import { FILE_LIMITS } from '@beacon/protocol';

const FALLBACK_NAME = 'file';

/**
 * The name a file is stored and offered under: the last path segment of what the client sent
 * (both `/` and `\` separate), without control or bidirectional-override characters, trimmed,
 * at most 255 UTF-16 code units (cut before the extension, never inside a surrogate pair).
 * Nothing left, or only dots: `file`.
 */
export function sanitizeFileName(raw: string | undefined): string {
  const lastSegment = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment
    .normalize('NFC')
    // C0/C1 controls, and the bidi overrides that make "exe.txt" look like "txt.exe".
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim();
  if (cleaned.length === 0 || /^\.+$/.test(cleaned)) return FALLBACK_NAME;
  return truncateKeepingExtension(cleaned, FILE_LIMITS.nameMaxChars);
}

function truncateKeepingExtension(name: string, max: number): string {
  if (name.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  return cutAtCodePoint(name.slice(0, name.length - extension.length), max - extension.length) + extension;
}

function cutAtCodePoint(text: string, max: number): string {
  let cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut;
}
