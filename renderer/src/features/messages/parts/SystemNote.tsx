import type { Message } from '@beacon/protocol';
import { formatFullDateTime } from '../../../lib/time';
import { useMessageContext } from '../message-context';
import { systemText } from '../system-text';

/** A membership or title change, as a centred note in the transcript. */
export function SystemNote({ message }: { message: Message }) {
  const { nameOf, meId } = useMessageContext();
  return (
    <p className="system-note" title={formatFullDateTime(message.sentAt)}>
      {systemText(message, nameOf, meId)}
    </p>
  );
}
