import type { ChildProcess } from 'node:child_process';
import { spawnNode } from '../lib/child';
import type { CommandOf, Op, Request, Response, ResultOf } from './ipc';

const WORKER = 'bench/generator/worker.ts';

/** Load generator processes, driven over IPC. */
export class GeneratorPool {
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (result: ResultOf<Op>) => void; reject: (error: Error) => void }
  >();

  private constructor(private readonly workers: ChildProcess[]) {
    for (const worker of workers) {
      worker.on('message', (response: Response) => {
        const waiter = this.waiting.get(response.id);
        if (!waiter) return;
        this.waiting.delete(response.id);
        if (response.ok) waiter.resolve(response.result);
        else waiter.reject(new Error(`generator: ${response.error}`));
      });
      worker.once('exit', (code, signal) => {
        for (const waiter of this.waiting.values())
          waiter.reject(new Error(`a generator exited (${code ?? signal})`));
        this.waiting.clear();
      });
    }
  }

  static async start(count: number): Promise<GeneratorPool> {
    const workers = Array.from({ length: count }, () => {
      const child = spawnNode(['--import', 'tsx', WORKER], { ipc: true });
      child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[generator] ${chunk.toString()}`));
      return child;
    });
    // Each worker says hello (response id 0) once its IPC listener is up.
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            worker.once('message', () => resolve());
            worker.once('exit', (code) => reject(new Error(`a generator failed to start (${code})`)));
          }),
      ),
    );
    return new GeneratorPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Process ids of the generators (their CPU use is part of the picture on a small machine). */
  get pids(): number[] {
    return this.workers.flatMap((worker) => (worker.pid === undefined ? [] : [worker.pid]));
  }

  call<O extends Op>(worker: number, op: O, command: CommandOf<O>): Promise<ResultOf<O>> {
    const target = this.workers[worker];
    if (!target) return Promise.reject(new Error(`no generator ${worker}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (result: ResultOf<Op>) => void, reject });
      target.send({ id, op, command } satisfies Request<O>);
    });
  }

  /** The same command to every generator, each with its own share. */
  all<O extends Op>(op: O, commandFor: (worker: number) => CommandOf<O>): Promise<Array<ResultOf<O>>> {
    return Promise.all(this.workers.map((_, index) => this.call(index, op, commandFor(index))));
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.exitCode !== null || worker.signalCode !== null) return resolve();
            worker.once('exit', () => resolve());
            worker.disconnect();
            setTimeout(() => worker.kill('SIGKILL'), 10_000).unref();
          }),
      ),
    );
  }
}

/** Splits `items` into `parts` nearly equal shares, keeping order. */
export function shares<T>(items: readonly T[], parts: number): T[][] {
  const result: T[][] = Array.from({ length: parts }, () => []);
  for (const [index, item] of items.entries()) result[index % parts]?.push(item);
  return result;
}
