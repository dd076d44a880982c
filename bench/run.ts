/**
 * `npm run bench -- [--quick] [--only NAME[,NAME]]`: runs the workloads and writes
 * bench/results/latest.json. Benchmarks report; they never fail because a machine is slow.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type BenchResult, runWorkload, type Workload } from './harness.js';
import { backtestFastPath, backtestFull1m1y } from './workloads/backtest.js';
import { coldStart } from './workloads/cold-start.js';
import { coldStartServer } from './workloads/cold-start-server.js';
import { indicatorWorkloads } from './workloads/indicators.js';
import { ingestPostgres } from './workloads/ingest-postgres.js';
import { ingestSqlite } from './workloads/ingest-sqlite.js';
import { loadCache1y } from './workloads/load-cache-1y.js';
import { optimizeSweep } from './workloads/optimize-sweep.js';
import { tickToOrderWorkloads } from './workloads/tick-to-order.js';

const WORKLOADS: readonly Workload[] = [
  backtestFull1m1y,
  backtestFastPath,
  optimizeSweep,
  coldStart,
  coldStartServer,
  ingestPostgres,
  ingestSqlite,
  loadCache1y,
  ...tickToOrderWorkloads,
  ...indicatorWorkloads,
];

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } },
  allowPositionals: false,
});

const only = values.only?.split(',').map((name) => name.trim());
const unknown = only?.filter((name) => !WORKLOADS.some((w) => w.name === name)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(
    `bench: unknown workload ${unknown.join(', ')}; known: ${WORKLOADS.map((w) => w.name).join(', ')}\n`,
  );
  process.exit(2);
}

const ctx = { quick: values.quick ?? false, log: (message: string) => process.stderr.write(`${message}\n`) };
const results: BenchResult[] = [];
for (const workload of WORKLOADS) {
  if (only && !only.includes(workload.name)) continue;
  const reason = await workload.unavailable?.(ctx);
  if (reason !== undefined) {
    ctx.log(`${workload.name}: skipped, ${reason}`);
    continue;
  }
  results.push(await runWorkload(workload, ctx));
}

const outDir = new URL('../bench/results/', import.meta.url);
mkdirSync(outDir, { recursive: true });
writeFileSync(new URL('latest.json', outDir), `${JSON.stringify(results, null, 2)}\n`);
for (const r of results) {
  const target = r.target === null ? '' : ` (target ${r.target})`;
  process.stdout.write(
    `${r.name.padEnd(22)} median ${r.median} ${r.unit}  [${r.min} … ${r.max}, ${r.runs} runs]${target}\n`,
  );
}
process.stdout.write('wrote bench/results/latest.json\n');
