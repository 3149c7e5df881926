import { describe, expect, it } from 'vitest';
import { fileDownloadUrl, fileIdOfDownloadLink } from './file-links';

describe('file links', () => {
  it('builds the download URL of a file on the server', () => {
    expect(fileDownloadUrl('https://chat.acme.test', 'f 1')).toBe(
      'https://chat.acme.test/api/v1/files/f%201',
    );
    expect(fileDownloadUrl('https://chat.acme.test/', 'f1')).toBe('https://chat.acme.test/api/v1/files/f1');
  });

  it('recognises a download link of the signed-in server only', () => {
    const server = 'https://chat.acme.test';
    expect(fileIdOfDownloadLink('https://chat.acme.test/api/v1/files/f%201', server)).toBe('f 1');
    expect(fileIdOfDownloadLink('https://chat.acme.test/api/v1/files/f1/info', server)).toBeNull();
    expect(fileIdOfDownloadLink('https://chat.acme.test/api/v1/files/f1/thumbnail', server)).toBeNull();
    expect(fileIdOfDownloadLink('https://chat.acme.test/api/v1/files/', server)).toBeNull();
    expect(fileIdOfDownloadLink('https://evil.test/api/v1/files/f1', server)).toBeNull();
    expect(fileIdOfDownloadLink('http://chat.acme.test/api/v1/files/f1', server)).toBeNull();
    expect(fileIdOfDownloadLink('not a url', server)).toBeNull();
  });
});
