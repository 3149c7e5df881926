import { describe, expect, it } from 'vitest';
import { sanitizeFileName } from './file-name';

describe('sanitizeFileName', () => {
  it('keeps the last path segment only', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\bob\\report.pdf')).toBe('report.pdf');
  });

  it('drops control and bidi-override characters', () => {
    expect(sanitizeFileName('a\u0000b\nc\u202Etxt.exe')).toBe('abctxt.exe');
  });

  it('falls back to "file" when nothing usable is left', () => {
    expect(sanitizeFileName(undefined)).toBe('file');
    expect(sanitizeFileName('  ')).toBe('file');
    expect(sanitizeFileName('..')).toBe('file');
    expect(sanitizeFileName('dir/')).toBe('file');
  });

  it('cuts long names to 255 characters, keeping the extension and whole code points', () => {
    const name = sanitizeFileName(`${'a'.repeat(300)}.pdf`);
    expect(name).toHaveLength(255);
    expect(name.endsWith('.pdf')).toBe(true);
    const emoji = sanitizeFileName(`${'😀'.repeat(200)}.txt`);
    expect(emoji.length).toBeLessThanOrEqual(255);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
