import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

export class PromptCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'PromptCancelled';
  }
}

/** Asks on the terminal for a line without echoing it (for passwords). */
export function promptHidden(
  question: string,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): Promise<string> {
  let muted = false;
  const echo = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) output.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input, output: echo, terminal: true });
  return new Promise((resolve, reject) => {
    let answered = false;
    rl.on('SIGINT', () => {
      rl.close();
    });
    rl.on('close', () => {
      if (answered) return;
      output.write('\n');
      reject(new PromptCancelled());
    });
    output.write(question);
    muted = true;
    rl.question('', (answer) => {
      answered = true;
      muted = false;
      output.write('\n');
      rl.close();
      resolve(answer);
    });
  });
}
