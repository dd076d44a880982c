/**
 * `quantlab backtest`: resolve the strategies, load the data once, run each strategy over it, store the
 * results, and shape what the command prints (the §4.4 object, a comparison, or the look-ahead report).
 */

import { randomBytes } from 'node:crypto';
import { QuantLabError } from '../core/errors.js';
import { RiskEngine } from '../risk/engine/index.js';
import type { RiskRuleRecord } from '../storage/index.js';
import { type Database, JsonText } from '../storage/index.js';
import { backtestJsonText, equityJsonText } from './json-text.js';
import { type InstrumentOverrides, loadBacktestData, loadInstruments } from './load-data.js';
import { type LookaheadReport, lookaheadCheck } from './lookahead.js';
import { formatComparison, formatSummary, type ReportRun } from './report/index.js';
import { type BacktestRunOutput, runBacktest } from './run.js';
import {
  backtestConfig,
  checkLeverage,
  defaultWarmupBars,
  type RunSettings,
  resolveStrategies,
  resolveStrategyParams,
  seriesRequests,
} from './session.js';

export interface BacktestCommandInput {
  readonly database: Database;
  readonly cwd: string;
  readonly strategiesDir: string;
  readonly names: readonly string[];
  /** One strategy: its params; several: params keyed by strategy name. */
  readonly params: Readonly<Record<string, unknown>> | undefined;
  readonly settings: RunSettings;
  readonly overrides: InstrumentOverrides;
  readonly warmupBars?: number;
  readonly lookahead: boolean;
  readonly store: boolean;
  /** Risk rules (`--risk FILE`): a fresh risk engine per run, as a session would build from storage. */
  readonly riskRules?: readonly RiskRuleRecord[];
  readonly warn: (message: string) => void;
  /** Receives the outcome as soon as it is known, before the results are stored. */
  readonly emit?: (outcome: BacktestCommandOutcome) => void | Promise<void>;
}

export type BacktestCommandOutcome =
  | { kind: 'runs'; runs: ReportRun[]; jsonText: string; text: string }
  | { kind: 'lookahead'; biased: boolean; json: unknown; text: string };

export async function runBacktestCommand(input: BacktestCommandInput): Promise<BacktestCommandOutcome> {
  const { settings } = input;
  const entries = await resolveStrategies(input.names, input.cwd, input.strategiesDir);
  const paramsOf = splitParams(input.names, input.params);
  const resolved = entries.map((entry, i) => ({
    entry,
    params: resolveStrategyParams(entry.definition, paramsOf[i]),
  }));
  const setup = { exchange: settings.exchange, symbols: settings.symbols, timeframe: settings.timeframe };
  for (const { entry } of resolved) {
    const legs = entry.definition.legs ?? 1;
    if (settings.symbols.length < legs) {
      throw new QuantLabError(
        'QL_ERR_USAGE',
        `${entry.definition.name} trades ${legs} symbols: pass --symbol A,B (got ${settings.symbols.join(', ')}).`,
        { details: { strategy: entry.definition.name, legs } },
      );
    }
  }
  const requests = resolved.flatMap(({ entry, params }) => seriesRequests(entry.definition, params, setup));
  const warmupBars = input.warmupBars ?? Math.max(...resolved.map((r) => defaultWarmupBars(r.params)));
  const instruments = await loadInstruments(
    input.database,
    settings.exchange,
    settings.symbols,
    input.overrides,
    input.warn,
  );
  checkLeverage(settings, instruments);
  const loaded = await loadBacktestData({
    database: input.database,
    cacheDir: `${input.cwd}/var/cache`,
    exchange: settings.exchange,
    series: requests,
    baseTimeframe: settings.timeframe,
    ...(settings.from === undefined ? {} : { from: settings.from }),
    ...(settings.to === undefined ? {} : { to: settings.to }),
    warmupBars,
  });
  const runOne = (i: number, data = loaded.data, recordSignals = false): BacktestRunOutput => {
    const { entry, params } = resolved[i]!;
    const risk =
      input.riskRules === undefined
        ? undefined
        : backtestRiskEngine(input.riskRules, input.warn, entry.definition.name);
    return runBacktest({
      ...(risk === undefined ? {} : { risk }),
      definition: entry.definition,
      config: backtestConfig(entry, params, settings, instruments),
      data,
      instruments,
      recordSignals,
      ...(loaded.tradeFrom === undefined ? {} : { tradeFrom: loaded.tradeFrom }),
      id: `bt-${randomBytes(6).toString('hex')}`,
    });
  };

  if (input.lookahead) {
    const reports = resolved.map(({ entry }, i) => ({
      strategy: entry.definition.name,
      report: lookaheadCheck({
        data: loaded.data,
        symbol: settings.symbols[0]!,
        timeframe: settings.timeframe,
        ...(loaded.tradeFrom === undefined ? {} : { tradeFrom: loaded.tradeFrom }),
        run: (data) => runOne(i, data, true),
      }),
    }));
    return {
      kind: 'lookahead',
      biased: reports.some((r) => r.report.biased),
      json: { lookahead: reports },
      text: reports.map((r) => lookaheadText(r.strategy, r.report)).join('\n\n'),
    };
  }

  const outputs = resolved.map((_, i) => runOne(i));
  for (const [i, output] of outputs.entries()) {
    const name = resolved[i]!.entry.definition.name;
    if (output.paused !== undefined) input.warn(`${name} was paused during the run: ${output.paused}`);
    const refused = Object.entries(output.result.extras.rejectedOrders);
    if (refused.length > 0) {
      const total = refused.reduce((sum, [, n]) => sum + n, 0);
      const list = refused.map(([key, n]) => `${key} ×${n}`).join(', ');
      input.warn(`${name}: ${total} order(s) refused by the venue or the risk gate (${list})`);
    }
  }
  const equityTexts = outputs.map((o) => equityJsonText(o.curve));
  const outcome = shapeOutcome(outputs, equityTexts, input.store);
  // The result is shown first; storing it (20 MB of equity for a year of 1m bars) comes after.
  await input.emit?.(outcome);
  if (input.store) {
    for (const [i, { result }] of outputs.entries()) {
      await input.database.backtestResults.insert({
        id: result.id,
        strategy: result.config.strategy,
        params: result.config.params,
        config: result.config,
        metrics: { ...result.metrics, extras: result.extras },
        equity: new JsonText(equityTexts[i]!),
        trades: result.trades,
        createdAt: Date.now(),
      });
    }
  }
  return outcome;
}

function shapeOutcome(
  outputs: readonly BacktestRunOutput[],
  equityTexts: readonly string[],
  store: boolean,
): BacktestCommandOutcome {
  const runs = outputs.map((o) => ({ result: o.result, chart: o.chart }));
  const stored = store ? `\nstored as ${outputs.map((o) => o.result.id).join(', ')}` : '';
  if (outputs.length === 1) {
    const result = outputs[0]!.result;
    const jsonText = backtestJsonText(result, equityTexts[0]!);
    return { kind: 'runs', runs, jsonText, text: formatSummary(result) + stored };
  }
  // { runs: [{ strategy, params, id, metrics, trades, equity }, …] }
  const runTexts = outputs.map(({ result }, i) => {
    const head = JSON.stringify({
      strategy: result.config.strategy,
      params: result.config.params,
      id: result.id,
    });
    return `${head.slice(0, -1)},${backtestJsonText(result, equityTexts[i]!).slice(1)}`;
  });
  const jsonText = `{"runs":[${runTexts.join(',')}]}`;
  return { kind: 'runs', runs, jsonText, text: formatComparison(outputs.map((o) => o.result)) + stored };
}

function splitParams(
  names: readonly string[],
  params: Readonly<Record<string, unknown>> | undefined,
): Array<Record<string, unknown> | undefined> {
  if (params === undefined) return names.map(() => undefined);
  if (names.length === 1) return [params as Record<string, unknown>];
  const unknown = Object.keys(params).filter((key) => !names.includes(key));
  if (unknown.length > 0) {
    throw new QuantLabError(
      'QL_ERR_STRATEGY_PARAMS_INVALID',
      `With several strategies --params is keyed by strategy name; ${unknown.join(', ')} is not one of ${names.join(', ')}.`,
      { details: { unknown, names } },
    );
  }
  return names.map((name) => params[name] as Record<string, unknown> | undefined);
}

function lookaheadText(strategy: string, report: LookaheadReport): string {
  const when = (ts: number) => new Date(ts).toISOString();
  if (report.cuts.length === 0) return `${strategy}: look-ahead not checked (too few candles to cut)`;
  const head = `${strategy}: ${report.biased ? 'LOOK-AHEAD BIAS' : 'no look-ahead bias found'} (${report.compared} decisions compared at ${report.cuts.length} cuts)`;
  if (!report.biased) return head;
  const lines = report.differences.map(
    (d) =>
      `  cut at ${when(d.cut)}: first difference at ${when(d.ts)}\n    full run:      ${d.full}\n    truncated run: ${d.truncated}`,
  );
  return [head, ...lines].join('\n');
}

/** The run's risk engine; breaker trips and automatic reductions are reported as warnings. */
function backtestRiskEngine(
  rules: readonly RiskRuleRecord[],
  warn: (message: string) => void,
  strategy: string,
): RiskEngine {
  const engine = new RiskEngine({
    account: 'backtest',
    onEvent: (event) => {
      if (event.type === 'tripped')
        warn(
          `${strategy}: ${event.trip.breaker} tripped at ${new Date(event.trip.at).toISOString()}: ${event.trip.reason}`,
        );
      else if (event.type === 'resumed')
        warn(
          `${strategy}: ${event.trip.breaker} resumed at ${new Date(event.at).toISOString()} (${event.by})`,
        );
      else if (event.type === 'reduced')
        warn(`${strategy}: auto-reduce ${event.side} ${event.qty} ${event.symbol} (${event.limit})`);
    },
  });
  // A rule file names the strategy; the run's strategy id is `bt-<name>` (see run.ts).
  engine.load(
    rules.map((r) =>
      r.scope === 'strategy' && r.scopeId === strategy ? { ...r, scopeId: `bt-${strategy}` } : r,
    ),
  );
  return engine;
}
