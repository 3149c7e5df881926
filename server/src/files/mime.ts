export const OCTET_STREAM = 'application/octet-stream';

type FileTypeFromBuffer = typeof import('file-type').fileTypeFromBuffer;
let loadingFileType: Promise<FileTypeFromBuffer> | undefined;

/** file-type and its signature tables are loaded on the first upload, not at start-up (~1 MiB of heap). */
function loadFileType(): Promise<FileTypeFromBuffer> {
  loadingFileType ??= import('file-type').then((module) => module.fileTypeFromBuffer);
  return loadingFileType;
}

/**
 * The MIME type of a file from its first bytes (the client's claim is never used): magic
 * numbers through `file-type`; otherwise text is `text/plain`, recognisable HTML `text/html`
 * and SVG `image/svg+xml` (recorded honestly — `servedContentType` decides what a download
 * says), and anything else `application/octet-stream`.
 */
export async function sniffMime(head: Buffer): Promise<string> {
  const fileTypeFromBuffer = await loadFileType();
  const detected = await fileTypeFromBuffer(head);
  if (detected) return detected.mime;
  if (!looksLikeText(head)) return OCTET_STREAM;
  const start = head
    .subarray(0, 1024)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (/^<svg[\s>]/.test(start) || (start.startsWith('<?xml') && start.includes('<svg')))
    return 'image/svg+xml';
  if (start.startsWith('<?xml')) return 'application/xml';
  if (HTML_START.test(start)) return 'text/html';
  return 'text/plain';
}

/** The WHATWG MIME sniffing standard's HTML patterns: what a browser would render as HTML. */
const HTML_START =
  /^(?:<!doctype html|<html|<head|<script|<iframe|<h1|<div|<font|<table|<a|<style|<title|<b|<body|<br|<p|<!--)[\s>]/;

/** Types a browser could render or run in place: a download never says so (docs: "Files"). */
const ACTIVE_TYPES = /(?:html|xml|svg|javascript|ecmascript|xsl)/i;

/** The `Content-Type` of a download: the sniffed type, except markup and scripts. */
export function servedContentType(mime: string): string {
  return ACTIVE_TYPES.test(mime) ? OCTET_STREAM : mime;
}

/**
 * Valid UTF-8 (a multi-byte sequence cut at the end of the sample allowed) without NUL or
 * control characters other than tab, line feed, form feed, carriage return and escape.
 */
function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(trimPartialSequence(head));
  } catch {
    return false;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return !/[\u0000-\u0008\u000b\u000e-\u001a\u001c-\u001f\u007f]/.test(text);
}

/** The sample without a UTF-8 sequence cut off at its end. */
function trimPartialSequence(bytes: Buffer): Buffer {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return needed > back ? bytes.subarray(0, bytes.length - back) : bytes;
    }
    return bytes;
  }
  return bytes;
}
