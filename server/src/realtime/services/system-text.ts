import type { SystemEvent } from '../../store/types';

/**
 * The English fallback `body` of a system message, for clients that do not render `system`
 * themselves ("Alice added Bob and Carol"). `nameOf` answers a user's display name.
 */
export function describeSystemEvent(event: SystemEvent, nameOf: (userId: string) => string): string {
  const actor = nameOf(event.actorId);
  const users = listNames(event.userIds.map(nameOf));
  switch (event.action) {
    case 'created':
      return event.title ? `${actor} created the group “${event.title}”` : `${actor} created the group`;
    case 'renamed':
      return event.title
        ? `${actor} renamed the group to “${event.title}”`
        : `${actor} removed the group name`;
    case 'added':
      return `${actor} added ${users}`;
    case 'removed':
      return `${actor} removed ${users}`;
    case 'left':
      return `${actor} left`;
  }
}

/** "Bob", "Bob and Carol", "Bob, Carol and Dave". */
function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
