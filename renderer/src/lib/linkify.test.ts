import { describe, expect, it } from 'vitest';
import { linkify, safeExternalUrl } from './linkify';

describe('linkify', () => {
  it('finds http(s) links and leaves the rest as text', () => {
    expect(linkify('See https://example.com/a?b=1 now')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ' now' },
    ]);
  });

  it('keeps sentence punctuation and unbalanced brackets out of links', () => {
    const segments = linkify('Docs (at https://example.com/x). Or http://a.test/b_(c),');
    expect(segments.filter((segment) => segment.kind === 'link').map((segment) => segment.text)).toEqual([
      'https://example.com/x',
      'http://a.test/b_(c)',
    ]);
  });

  it('links www. hosts, mailto: and bare e-mail addresses', () => {
    const links = linkify('www.acme.test or mailto:bob@acme.test or carol@acme.test').filter(
      (segment) => segment.kind === 'link',
    );
    expect(links.map((segment) => segment.kind === 'link' && segment.href)).toEqual([
      'https://www.acme.test/',
      'mailto:bob@acme.test',
      'mailto:carol@acme.test',
    ]);
  });

  it('never links other schemes', () => {
    expect(
      linkify('javascript:alert(1) file:///etc/passwd').every((segment) => segment.kind === 'text'),
    ).toBe(true);
    expect(linkify('<img src=x onerror=alert(1)>')).toEqual([
      { kind: 'text', text: '<img src=x onerror=alert(1)>' },
    ]);
  });

  it('accepts only http(s) and mailto URLs to open outside', () => {
    expect(safeExternalUrl('https://example.com')).toBe('https://example.com/');
    expect(safeExternalUrl('mailto:a@b.c')).toBe('mailto:a@b.c');
    expect(safeExternalUrl('javascript:alert(1)')).toBeNull();
    expect(safeExternalUrl('file:///etc/passwd')).toBeNull();
    expect(safeExternalUrl('not a url')).toBeNull();
  });
});
