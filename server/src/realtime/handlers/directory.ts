import { handleEvent } from '../handler';
import type { HandlerServices } from '../services';
import type { BeaconSocket } from '../types';

export function registerDirectoryHandlers(socket: BeaconSocket, services: HandlerServices): void {
  const { directory } = services;

  handleEvent(socket, 'directory:search', services, async ({ user }, { query, limit }) => ({
    users: await directory.search(user.id, query, limit),
  }));

  handleEvent(socket, 'contacts:list', services, async ({ user }) => ({
    users: await directory.contacts(user.id),
  }));

  handleEvent(socket, 'contacts:add', services, async ({ user }, { userId }) => {
    await directory.addContact(user.id, userId);
    return {};
  });

  handleEvent(socket, 'contacts:remove', services, async ({ user }, { userId }) => {
    await directory.removeContact(user.id, userId);
    return {};
  });
}
