import type { Message, SystemEvent } from '@beacon/protocol';

function list(names: string[]): string {
  if (names.length <= 1) return names[0] ?? 'someone';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * The sentence of a system message, built from its `system` event and the names this client knows
 * (so it can be translated later); the server's English `body` when the event is missing or unknown.
 */
export function systemText(
  message: Pick<Message, 'body' | 'system'>,
  nameOf: (userId: string) => string,
  meId: string,
): string {
  const event: SystemEvent | null = message.system;
  if (!event) return message.body;
  const name = (id: string) => (id === meId ? 'You' : nameOf(id));
  const actor = name(event.actorId);
  const people = list(event.userIds.map((id) => (id === meId ? 'you' : nameOf(id))));
  switch (event.action) {
    case 'created':
      return event.title ? `${actor} created the group “${event.title}”` : `${actor} created the group`;
    case 'renamed':
      return event.title
        ? `${actor} renamed the group to “${event.title}”`
        : `${actor} removed the group name`;
    case 'added':
      return `${actor} added ${people}`;
    case 'removed':
      return `${actor} removed ${people}`;
    case 'left':
      return `${actor} left the group`;
    default:
      return message.body;
  }
}
