import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('createLogger', () => {
  it('writes JSON lines and never writes secrets', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        password: 'hunter2',
        token: 'abc',
        req: { headers: { authorization: 'Bearer abc' } },
        body: { password: 'hunter2' },
      },
      'login',
    );
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? '';
    expect(JSON.parse(line)).toMatchObject({ msg: 'login', password: '[redacted]', token: '[redacted]' });
    expect(line).not.toContain('hunter2');
    expect(line).not.toContain('Bearer abc');
  });
});
