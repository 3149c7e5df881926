import { createWriteStream } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

/**
 * The floor of the upload benchmark: a bare node:http server that streams each request body
 * to a file in the directory given as argument, and answers 201. No parsing, no hashing.
 */
const dir = process.argv[2];
if (!dir) throw new Error('usage: floor-server.ts <dir>');
let n = 0;
const server = createServer((request, response) => {
  n += 1;
  pipeline(request, createWriteStream(join(dir, `upload-${n}`))).then(
    () => response.writeHead(201).end('{}'),
    () => response.writeHead(500).end(),
  );
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`floor listening on http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
