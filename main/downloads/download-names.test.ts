import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeFileName, uniqueFilePath } from './download-names';

describe('safeFileName', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../.ssh/authorized_keys', 'authorized_keys'],
    ['C:\\Windows\\system32\\evil.dll', 'evil.dll'],
    ['a<b>c:d"e|f?g*h.txt', 'a_b_c_d_e_f_g_h.txt'],
    ['line\nbreak\u0007.txt', 'line_break_.txt'],
    ['.bashrc', 'bashrc'],
    ['trailing dots...', 'trailing dots'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['', 'download'],
    ['..', 'download'],
  ])('%j → %j', (name, safe) => {
    expect(safeFileName(name)).toBe(safe);
  });

  it('shortens a long name but keeps its extension', () => {
    const safe = safeFileName(`${'x'.repeat(300)}.pdf`);
    expect(safe.length).toBe(200);
    expect(safe.endsWith('.pdf')).toBe(true);
  });
});

describe('uniqueFilePath', () => {
  const dir = join('/home', 'alice', 'Downloads');
  const taken = (...names: string[]) => {
    const paths = new Set(names.map((name) => join(dir, name)));
    return (path: string) => paths.has(path);
  };

  it('keeps the name when it is free', () => {
    expect(uniqueFilePath(dir, 'report.pdf', taken())).toBe(join(dir, 'report.pdf'));
  });

  it('numbers the name before its extension when taken', () => {
    expect(uniqueFilePath(dir, 'report.pdf', taken('report.pdf'))).toBe(join(dir, 'report (1).pdf'));
    expect(uniqueFilePath(dir, 'report.pdf', taken('report.pdf', 'report (1).pdf'))).toBe(
      join(dir, 'report (2).pdf'),
    );
    expect(uniqueFilePath(dir, 'README', taken('README'))).toBe(join(dir, 'README (1)'));
    expect(uniqueFilePath(dir, 'archive.tar.gz', taken('archive.tar.gz'))).toBe(
      join(dir, 'archive.tar (1).gz'),
    );
  });
});
