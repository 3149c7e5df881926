import { memo } from 'react';
import { linkify } from '../lib/linkify';

export interface LinkifiedTextProps {
  text: string;
  onOpenLink(href: string): void;
}

/** Message text as plain text nodes with clickable links; links open outside the app, never in this window. */
export const LinkifiedText = memo(function LinkifiedText({ text, onOpenLink }: LinkifiedTextProps) {
  return (
    <>
      {linkify(text).map((segment, index) =>
        segment.kind === 'text' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional and never reordered
          <span key={index}>{segment.text}</span>
        ) : (
          <a
            // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional and never reordered
            key={index}
            href={segment.href}
            target="_blank"
            rel="noopener noreferrer"
            onClick={(event) => {
              event.preventDefault();
              onOpenLink(segment.href);
            }}
          >
            {segment.text}
          </a>
        ),
      )}
    </>
  );
});
