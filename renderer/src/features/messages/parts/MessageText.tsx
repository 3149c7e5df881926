import type { User } from '@beacon/protocol';
import { memo, useMemo } from 'react';
import { LinkifiedText } from '../../../components/LinkifiedText';
import { splitMentions } from '../mentions';

export interface MessageTextProps {
  body: string;
  members: readonly User[];
  meId: string;
  onOpenLink(href: string): void;
}

/** A message body: links clickable, mentions of members highlighted (mine more strongly). */
export const MessageText = memo(function MessageText({ body, members, meId, onOpenLink }: MessageTextProps) {
  const segments = useMemo(() => splitMentions(body, members), [body, members]);
  return (
    <>
      {segments.map((segment, index) =>
        segment.kind === 'text' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional and never reordered
          <LinkifiedText key={index} text={segment.text} onOpenLink={onOpenLink} />
        ) : (
          <span
            // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional and never reordered
            key={index}
            className="mention"
            data-me={segment.userId === meId || undefined}
          >
            {segment.text}
          </span>
        ),
      )}
    </>
  );
});
