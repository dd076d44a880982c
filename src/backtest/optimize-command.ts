/**
 * `quantlab optimize`: load the data once, search the parameter space (in worker threads), add the
 * walk-forward and Monte Carlo analyses, store the run, and shape what the command prints.
 */

import { randomBytes } from 'node:crypto';
import type { Database } from '../storage/index.js';
import { type InstrumentOverrides, loadBacktestData, loadInstruments } from './load-data.js';
import {
  type OptimizationResult,
  optimize,
  parseSearchSpace,
  type SearchMethod,
  type StrategyRef,
} from './optimize/index.js';
import { formatMoney, formatPercent, type OptimizationSection, type ReportRun } from './report/index.js';
import { runBacktest } from './run.js';
import {
  backtestConfig,
  checkLeverage,
  defaultWarmupBars,
  type RunSettings,
  resolveStrategies,
  resolveStrategyParams,
  seriesRequests,
} from './session.js';

export interface OptimizeCommandInput {
  readonly database: Database;
  readonly cwd: string;
  readonly strategiesDir: string;
  readonly name: string;
  /** Fixed parameters every trial starts from. */
  readonly params: Readonly<Record<string, unknown>> | undefined;
  readonly space: Record<string, unknown>;
  readonly method: SearchMethod;
  readonly trials?: number;
  readonly objective: string;
  readonly minTrades?: number;
  readonly seed: number;
  readonly workers?: number;
  readonly walkForward?: { folds: number; inSampleRatio?: number };
  readonly monteCarloRuns: number;
  readonly settings: RunSettings;
  readonly overrides: InstrumentOverrides;
  readonly warmupBars?: number;
  readonly store: boolean;
  /** Also run the best parameters through the kernel for the HTML report. */
  readonly reportRun?: boolean;
  readonly warn: (message: string) => void;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface OptimizeCommandOutcome {
  readonly id: string;
  readonly result: OptimizationResult;
  readonly section: OptimizationSection;
  readonly text: string;
  /** The best parameters' full run (with `reportRun`). */
  readonly runs: ReportRun[];
}

export async function runOptimizeCommand(input: OptimizeCommandInput): Promise<OptimizeCommandOutcome> {
  const { settings } = input;
  const [entry] = await resolveStrategies([input.name], input.cwd, input.strategiesDir);
  const definition = entry!.definition;
  const base = resolveStrategyParams(definition, input.params);
  const space = parseSearchSpace(input.space, definition.params);
  const setup = { exchange: settings.exchange, symbols: settings.symbols, timeframe: settings.timeframe };
  const instruments = await loadInstruments(
    input.database,
    settings.exchange,
    settings.symbols,
    input.overrides,
    input.warn,
  );
  checkLeverage(settings, instruments);
  const largest = largestNumber(input.space);
  const loaded = await loadBacktestData({
    database: input.database,
    cacheDir: `${input.cwd}/var/cache`,
    exchange: settings.exchange,
    series: seriesRequests(definition, base, setup),
    baseTimeframe: settings.timeframe,
    ...(settings.from === undefined ? {} : { from: settings.from }),
    ...(settings.to === undefined ? {} : { to: settings.to }),
    warmupBars: input.warmupBars ?? defaultWarmupBars({ ...base, largest }),
  });
  const origin = entry!.origin;
  const strategy: StrategyRef =
    origin.kind === 'builtin'
      ? { kind: 'builtin', name: definition.name }
      : { kind: origin.kind, file: origin.file };
  const config = backtestConfig(entry!, base, settings, instruments);
  const result = await optimize({
    strategy,
    definition,
    space,
    method: input.method,
    ...(input.trials === undefined ? {} : { trials: input.trials }),
    objective: input.objective,
    ...(input.minTrades === undefined ? {} : { minTrades: input.minTrades }),
    seed: input.seed,
    ...(input.workers === undefined ? {} : { workers: input.workers }),
    config,
    instruments,
    data: loaded.data,
    ...(loaded.tradeFrom === undefined ? {} : { tradeFrom: loaded.tradeFrom }),
    ...(input.walkForward === undefined ? {} : { walkForward: input.walkForward }),
    monteCarlo: { runs: input.monteCarloRuns },
    ...(input.onProgress === undefined
      ? {}
      : { onProgress: (done, total) => input.onProgress!(done, total) }),
  });
  const id = `opt-${randomBytes(6).toString('hex')}`;
  if (input.store) {
    await input.database.optimizationRuns.insert({
      id,
      strategy: definition.name,
      config,
      search: {
        space: input.space,
        method: input.method,
        trials: input.trials ?? null,
        objective: input.objective,
        minTrades: result.minTrades,
        seed: input.seed,
        walkForward: input.walkForward ?? null,
      },
      trials: result.trials,
      best: result.best ?? null,
      analysis: {
        walkForward: result.walkForward ?? null,
        monteCarlo: result.monteCarlo ?? null,
        notes: result.notes,
      },
      createdAt: Date.now(),
    });
  }
  const runs: ReportRun[] = [];
  if (input.reportRun === true) {
    const output = runBacktest({
      definition,
      config: { ...config, params: result.best?.params ?? base },
      data: loaded.data,
      instruments,
      ...(loaded.tradeFrom === undefined ? {} : { tradeFrom: loaded.tradeFrom }),
      id: `${id}-best`,
    });
    runs.push({ result: output.result, chart: output.chart });
  }
  return {
    id,
    result,
    runs,
    section: reportSection(result),
    text: summaryText(id, definition.name, result, input.store, config.currency),
  };
}

/** The largest number in the space (range maxima, choices): the warm-up must cover the longest period. */
function largestNumber(space: unknown): number {
  let largest = 0;
  const visit = (value: unknown) => {
    if (typeof value === 'number' && Number.isInteger(value)) largest = Math.max(largest, value);
    else if (Array.isArray(value)) for (const v of value) visit(v);
    else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) visit(v);
  };
  visit(space);
  return largest;
}

export function reportSection(result: OptimizationResult): OptimizationSection {
  return {
    objective: result.objective,
    method: result.method,
    trials: result.trials.map((t) => ({ params: t.params, score: t.score, metrics: t.metrics })),
    ...(result.best === undefined ? {} : { best: { params: result.best.params, score: result.best.score } }),
    ...(result.walkForward === undefined
      ? {}
      : {
          walkForward: {
            folds: result.walkForward.folds,
            stitchedEquity: result.walkForward.stitchedEquity,
            metrics: result.walkForward.metrics,
          },
        }),
    ...(result.monteCarlo === undefined ? {} : { monteCarlo: result.monteCarlo }),
  };
}

function summaryText(
  id: string,
  strategy: string,
  result: OptimizationResult,
  stored: boolean,
  currency: string,
): string {
  const lines = [
    `${strategy}: ${result.trials.length} trials, ${result.method}, objective ${result.objective}, seed ${result.seed}`,
  ];
  for (const note of result.notes) lines.push(`note: ${note}`);
  const ranked = result.trials
    .filter((t) => t.score !== null)
    .sort((a, b) => b.score! - a.score! || a.index - b.index)
    .slice(0, 10);
  if (ranked.length === 0) lines.push(`no trial could be scored (min trades ${result.minTrades})`);
  else {
    lines.push('', 'best trials:');
    lines.push(
      `${'score'.padStart(10)}  ${'return'.padStart(9)}  ${'max dd'.padStart(8)}  ${'trades'.padStart(6)}  params`,
    );
    for (const t of ranked) {
      lines.push(
        `${t.score!.toFixed(4).padStart(10)}  ${formatPercent(t.metrics.totalReturn).padStart(9)}  ${formatPercent(t.metrics.maxDrawdown).padStart(8)}  ${String(t.metrics.trades).padStart(6)}  ${JSON.stringify(t.params)}`,
      );
    }
  }
  const wf = result.walkForward;
  if (wf !== undefined) {
    lines.push(
      '',
      `walk-forward (${wf.folds.length} folds, in-sample ratio ${wf.inSampleRatio}): out-of-sample`,
    );
    lines.push(
      `  return ${formatPercent(wf.metrics.totalReturn)}, sharpe ${wf.metrics.sharpe?.toFixed(2) ?? '—'}, max drawdown ${formatPercent(wf.metrics.maxDrawdown)}, ${wf.metrics.trades} trades, end equity ${formatMoney(wf.metrics.endEquity, currency)}`,
    );
    for (const [i, fold] of wf.folds.entries()) {
      lines.push(
        `  fold ${i + 1}: ${iso(fold.outOfSample[0])} → ${iso(fold.outOfSample[1])}  return ${formatPercent(fold.outOfSampleMetrics.totalReturn)}  params ${JSON.stringify(fold.params)}`,
      );
    }
  }
  const mc = result.monteCarlo;
  if (mc !== undefined) {
    lines.push(
      '',
      `Monte Carlo (${mc.runs} resampled sequences of the best trades, returns compounded): return p5 ${formatPercent(mc.returns.p5)} / p50 ${formatPercent(mc.returns.p50)} / p95 ${formatPercent(mc.returns.p95)}; max drawdown p50 ${formatPercent(mc.maxDrawdown.p50)} / p95 ${formatPercent(mc.maxDrawdown.p95)}`,
    );
  }
  if (stored) lines.push('', `stored as ${id}`);
  return lines.join('\n');
}

function iso(ts: number): string {
  return new Date(ts).toISOString().slice(0, 16).replace('T', ' ');
}
