import { parseArgs } from 'node:util';
import { CLUSTER_FULL, CLUSTER_QUICK, runClusterBench } from './run';

// `npm run bench:cluster [-- --quick] [--clients N] [--seconds S]`: the cluster section alone.
const { values } = parseArgs({
  options: { quick: { type: 'boolean' }, clients: { type: 'string' }, seconds: { type: 'string' } },
});
const base = values.quick ? CLUSTER_QUICK : CLUSTER_FULL;
runClusterBench(
  {
    ...base,
    ...(values.clients ? { clients: Number(values.clients) } : {}),
    ...(values.seconds ? { stepMs: Number(values.seconds) * 1000 } : {}),
  },
  (line) => process.stdout.write(`${line}\n`),
).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
