/** The optimizer section: best trials, walk-forward folds (with the stitched out-of-sample curve), Monte Carlo. */

import type { BacktestMetrics } from '../types.js';
import {
  escapeHtml,
  formatDuration,
  formatInteger,
  formatParams,
  formatParamValue,
  formatPercent,
  formatRange,
  formatRatio,
  MISSING,
} from './format.js';
import { type Cell, num, paragraph, table } from './html.js';
import type {
  MonteCarloSection,
  OptimizationSection,
  OptimizationTrial,
  WalkForwardSection,
} from './types.js';

export const MAX_TRIAL_ROWS = 50;

/** More parameter names than this and the trials table shows one `k=v …` column instead of one each. */
const MAX_PARAM_COLUMNS = 6;

function paramText(value: unknown): string {
  return value === undefined ? MISSING : formatParamValue(value);
}

/** Trials by score, best first (higher is better; unscored trials last, keeping their order). */
export function topTrials(trials: readonly OptimizationTrial[], limit = MAX_TRIAL_ROWS): OptimizationTrial[] {
  const score = (t: OptimizationTrial) =>
    t.score !== null && Number.isFinite(t.score) ? t.score : Number.NEGATIVE_INFINITY;
  return trials
    .map((t, i) => ({ t, i }))
    .sort((a, b) => score(b.t) - score(a.t) || a.i - b.i)
    .slice(0, limit)
    .map(({ t }) => t);
}

const METRIC_HEAD = ['Return', 'CAGR', 'Sharpe', 'Max DD', 'Trades', 'Win rate'];

function metricCells(m: BacktestMetrics): Cell[] {
  return [
    num(formatPercent(m.totalReturn)),
    num(formatPercent(m.cagr)),
    num(formatRatio(m.sharpe)),
    num(formatPercent(m.maxDrawdown)),
    num(formatInteger(m.trades)),
    num(formatPercent(m.winRate)),
  ];
}

function trialsTable(opt: OptimizationSection): string {
  const top = topTrials(opt.trials);
  if (top.length === 0) return paragraph('No trials.');
  const keys = [...new Set(top.flatMap((t) => Object.keys(t.params)))];
  const split = keys.length <= MAX_PARAM_COLUMNS;
  const head = ['#', 'Score', ...(split ? keys : ['Parameters']), ...METRIC_HEAD];
  const rows = top.map((t, i) => [
    num(String(i + 1)),
    num(formatRatio(t.score)),
    ...(split ? keys.map((k) => num(paramText(t.params[k]))) : [formatParams(t.params)]),
    ...metricCells(t.metrics),
  ]);
  const note =
    opt.trials.length > top.length
      ? paragraph(`Top ${formatInteger(top.length)} of ${formatInteger(opt.trials.length)} trials by score.`)
      : '';
  return `${note}${table(head, rows, { className: 'trials' })}`;
}

function walkForwardBlock(wf: WalkForwardSection): string {
  const rows = wf.folds.map((f, i) => [
    num(String(i + 1)),
    formatRange(f.inSample[0], f.inSample[1]),
    formatRange(f.outOfSample[0], f.outOfSample[1]),
    formatParams(f.params) || MISSING,
    num(formatRatio(f.inSampleScore)),
    ...metricCells(f.outOfSampleMetrics),
  ]);
  const head = [
    'Fold',
    'In-sample (UTC)',
    'Out-of-sample (UTC)',
    'Parameters',
    'IS score',
    ...METRIC_HEAD.map((h) => `OOS ${h}`),
  ];
  const m = wf.metrics;
  const summary =
    `Stitched out-of-sample: return ${formatPercent(m.totalReturn)}, CAGR ${formatPercent(m.cagr)}, ` +
    `Sharpe ${formatRatio(m.sharpe)}, max drawdown ${formatPercent(m.maxDrawdown)} ` +
    `(${formatDuration(m.maxDrawdownDuration)}), ${formatInteger(m.trades)} trades.`;
  const chart =
    wf.stitchedEquity.length > 0
      ? '<div class="chart small" id="chart-stitched"></div><p class="caption">Stitched out-of-sample equity (each fold traded with the parameters chosen on its in-sample window). Times UTC.</p>'
      : '';
  return `<h3>Walk-forward (${formatInteger(wf.folds.length)} folds)</h3>${table(head, rows, { className: 'folds' })}${paragraph(summary)}${chart}`;
}

function monteCarloBlock(mc: MonteCarloSection): string {
  const row = (label: string, p: MonteCarloSection['returns']) => [
    label,
    num(formatPercent(p.p5)),
    num(formatPercent(p.p50)),
    num(formatPercent(p.p95)),
    num(formatPercent(p.mean)),
  ];
  const ruined =
    mc.ruined === undefined
      ? ''
      : paragraph(
          `Ruined paths (equity reached 0 and stopped there): ${formatPercent(mc.ruined)} of ${formatInteger(mc.runs)}.`,
        );
  return (
    `<h3>Monte Carlo (${formatInteger(mc.runs)} runs)</h3>` +
    table(
      ['', '5th pct', 'Median', '95th pct', 'Mean'],
      [row('Total return', mc.returns), row('Max drawdown', mc.maxDrawdown)],
      {
        rowHeaders: true,
        className: 'montecarlo',
      },
    ) +
    ruined
  );
}

export function optimizationSection(opt: OptimizationSection): string {
  const best = opt.best
    ? `<p>Best: <code>${escapeHtml(formatParams(opt.best.params) || MISSING)}</code>, score ${escapeHtml(formatRatio(opt.best.score))}</p>`
    : '';
  const intro = `<p>Objective <b>${escapeHtml(opt.objective)}</b> (higher is better), method <b>${escapeHtml(opt.method)}</b>, ${escapeHtml(formatInteger(opt.trials.length))} trials.</p>`;
  const parts = [
    intro,
    best,
    '<h3>Trials</h3>',
    trialsTable(opt),
    opt.walkForward ? walkForwardBlock(opt.walkForward) : '',
    opt.monteCarlo ? monteCarloBlock(opt.monteCarlo) : '',
  ];
  return `<section id="optimization"><h2>Optimization</h2>\n${parts.join('\n')}\n</section>`;
}
