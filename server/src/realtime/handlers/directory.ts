import { handleEvent } from '../handler';
import type { HandlerServices } from '../services';
import type { BeaconSocket } from '../types';

export function registerDirectoryHandlers(socket: BeaconSocket, services: HandlerServices): void {
  const { logger, directory } = services;

  handleEvent(socket, 'directory:search', logger, async ({ user }, { query, limit }) => ({
    users: await directory.search(user.id, query, limit),
  }));

  handleEvent(socket, 'contacts:list', logger, async ({ user }) => ({
    users: await directory.contacts(user.id),
  }));

  handleEvent(socket, 'contacts:add', logger, async ({ user }, { userId }) => {
    await directory.addContact(user.id, userId);
    return {};
  });

  handleEvent(socket, 'contacts:remove', logger, async ({ user }, { userId }) => {
    await directory.removeContact(user.id, userId);
    return {};
  });
}
