import { afterAll, beforeAll } from 'vitest';
import { connectClient, type TestSocket } from '../../helpers/client';
import { type InProcessServer, startInProcessServer } from './in-process-server';

/**
 * One in-process server for a test file, started before its tests and closed after them
 * with every socket the file connected.
 */
export function useInProcessServer(): {
  session: InProcessServer['session'];
  connectAs(name: string): Promise<TestSocket>;
} {
  let server: InProcessServer | undefined;
  const sockets: TestSocket[] = [];
  const started = (): InProcessServer => {
    if (!server) throw new Error('the server starts in beforeAll');
    return server;
  };

  beforeAll(async () => {
    server = await startInProcessServer();
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.close();
  });

  return {
    session: (name) => started().session(name),
    async connectAs(name) {
      const { socket } = await connectClient(started().url, (await started().session(name)).token);
      sockets.push(socket);
      return socket;
    },
  };
}
