/** The benchmark harness of DESIGN.md §4.6: workloads, repeated runs, median/min/max, JSON results. */

export interface WorkloadContext {
  /** `--quick`: smaller inputs where a workload has a size knob; still at least 5 runs. */
  quick: boolean;
  log(message: string): void;
}

export interface Workload {
  /** A name from DESIGN.md §4.6. */
  name: string;
  /** What one run's number measures, e.g. `ms` or `rows/s`. */
  unit: string;
  /** Lower is better (`ms`) or higher is better (`rows/s`). */
  better: 'lower' | 'higher';
  /** The figure we aim for, in `unit` (null when none is set yet). */
  target: number | null;
  /** Runs measured (default 5, never fewer). */
  runs?: number;
  /**
   * Why this workload cannot run here (a service it needs is not reachable), or undefined when it can.
   * A skipped workload is reported on stderr and left out of the results, never faked.
   */
  unavailable?(ctx: WorkloadContext): Promise<string | undefined>;
  /** Unmeasured preparation, once per workload. */
  setup?(ctx: WorkloadContext): Promise<void>;
  /** One measured run; returns the figure in `unit`. */
  run(ctx: WorkloadContext, index: number): Promise<number>;
  teardown?(): Promise<void>;
}

export interface BenchResult {
  name: string;
  unit: string;
  median: number;
  min: number;
  max: number;
  runs: number;
  target: number | null;
}

export const MIN_RUNS = 5;

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

export async function runWorkload(workload: Workload, ctx: WorkloadContext): Promise<BenchResult> {
  const runs = Math.max(MIN_RUNS, workload.runs ?? MIN_RUNS);
  await workload.setup?.(ctx);
  const values: number[] = [];
  try {
    for (let i = 0; i < runs; i += 1) {
      const value = await workload.run(ctx, i);
      if (!Number.isFinite(value)) throw new Error(`${workload.name}: run ${i} returned ${value}`);
      values.push(value);
      ctx.log(`${workload.name} run ${i + 1}/${runs}: ${round(value)} ${workload.unit}`);
    }
  } finally {
    await workload.teardown?.();
  }
  return {
    name: workload.name,
    unit: workload.unit,
    median: round(median(values)),
    min: round(Math.min(...values)),
    max: round(Math.max(...values)),
    runs,
    target: workload.target,
  };
}
