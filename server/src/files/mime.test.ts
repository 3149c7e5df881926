import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { servedContentType, sniffMime } from './mime';

describe('sniffMime', () => {
  it('trusts the magic bytes, not the name', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#f00' } })
      .png()
      .toBuffer();
    expect(await sniffMime(png)).toBe('image/png');
  });

  it('calls text text/plain and binary application/octet-stream', async () => {
    expect(await sniffMime(Buffer.from('hello\nwörld\n'))).toBe('text/plain');
    expect(await sniffMime(Buffer.from([0, 1, 2, 3, 255, 254]))).toBe('application/octet-stream');
    expect(await sniffMime(Buffer.alloc(0))).toBe('application/octet-stream');
  });

  it('allows a UTF-8 sequence cut at the end of the sample', async () => {
    const text = Buffer.from('abc€');
    expect(await sniffMime(text.subarray(0, text.length - 1))).toBe('text/plain');
  });

  it('recognises markup', async () => {
    expect(await sniffMime(Buffer.from('<!DOCTYPE html><html></html>'))).toBe('text/html');
    expect(await sniffMime(Buffer.from('  <svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('image/svg+xml');
    expect(await sniffMime(Buffer.from('<?xml version="1.0"?><a/>'))).toBe('application/xml');
  });
});

describe('servedContentType', () => {
  it('never serves markup or scripts as such', () => {
    for (const type of [
      'text/html',
      'image/svg+xml',
      'application/xml',
      'application/xhtml+xml',
      'text/javascript',
    ]) {
      expect(servedContentType(type)).toBe('application/octet-stream');
    }
    expect(servedContentType('image/png')).toBe('image/png');
    expect(servedContentType('text/plain')).toBe('text/plain');
  });
});
