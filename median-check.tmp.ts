import { formatTable, medianOf, rowsOf } from './bench/lib/report';
const run = (v: number, c: number) => ({ figures: [{ key: 'fanout.last.p99', label: 'p99', unit: 'ms' as const, value: v }, { key: 'connections.rss', label: 'rss', unit: 'MiB' as const, value: v * 10 }, { key: 'run.cpu-pressure', label: 'pressure', unit: '%' as const, value: 5 }], details: { connected: c } });
const b = medianOf([run(90, 10000), run(120, 10000), run(80, 10000)]);
const f = medianOf([run(40, 10000), run(50, 10000)]);
console.log(JSON.stringify(b?.figures));
console.log(formatTable(rowsOf('fanout', b, f), { fanout: 'Fan-out' }));
