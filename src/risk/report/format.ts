/** Human output of `quantlab risk report`: two aligned tables and the inputs in a few lines. */
import type { RiskReport, StressRow, VarRow } from './types.js';

const money = (n: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = (f: number) => `${(f * 100).toFixed(2)} %`;
const day = (ts: number) => new Date(ts).toISOString().slice(0, 10);

/** Columns padded to their widest cell: text columns (`left`) left-aligned, numbers right-aligned. */
export function table(rows: readonly (readonly string[])[], left: readonly number[] = [0]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const cell = (text: string, c: number) =>
    left.includes(c) ? text.padEnd(widths[c]!) : text.padStart(widths[c]!);
  return rows.map((r) => r.map(cell).join('  ').trimEnd()).join('\n');
}

function varTable(rows: readonly VarRow[], currency: string): string {
  const methods = [...new Set(rows.map((r) => r.method))];
  const levels = [...new Set(rows.map((r) => r.confidence))];
  const head = ['method', ...levels.flatMap((c) => [`VaR ${c * 100}`, '%', `ES ${c * 100}`, '%'])];
  const body = methods.map((m) => [
    m,
    ...levels.flatMap((c) => {
      const r = rows.find((x) => x.method === m && x.confidence === c)!;
      return [money(r.var), pct(r.varPct), money(r.es), pct(r.esPct)];
    }),
  ]);
  return `1-day VaR / ES (${currency}; % of equity)\n${table([head, ...body])}`;
}

function stressTable(rows: readonly StressRow[], currency: string, limits: readonly string[]): string {
  if (rows.length === 0) return 'Stress: no open position.';
  const tripped = (r: StressRow) =>
    limits.length === 0
      ? 'no limits configured'
      : r.limitsTripped.length === 0
        ? 'none'
        : r.limitsTripped.join(', ');
  const head = ['scenario', `loss (${currency})`, '% equity', 'limits tripped'];
  const body = rows.map((r) => [r.scenario, money(r.loss), pct(r.lossPct), tripped(r)]);
  return `Stress scenarios\n${table([head, ...body], [0, 3])}`;
}

function header(report: RiskReport): string {
  const s = report.source as Record<string, unknown>;
  const what =
    report.kind === 'backtest'
      ? `backtest ${String(s.backtestId)} (${String(s.strategy)} on ${String(s.exchange)} ${(s.symbols as string[]).join(',')} ${String(s.timeframe)})`
      : `portfolio of ${s.account === null ? 'all accounts' : `account ${String(s.account)}`}`;
  const i = report.inputs;
  const positions =
    i.positions.length === 0
      ? 'flat'
      : i.positions
          .map((p) => `${p.symbol} ${Number(p.qty.toPrecision(10))} @ ${p.price} = ${money(p.notional)}`)
          .join('; ');
  const mc = i.parameters.monteCarlo;
  return [
    `Risk report: ${what}, as of ${new Date(report.asOf).toISOString()}`,
    `Equity ${money(i.equity)} ${report.currency} (${i.equitySource}); positions: ${positions}`,
    `Returns: ${i.observations} daily of ${i.returnSeries.join(', ')}, ${day(i.from)} .. ${day(i.to)}; Monte Carlo ${mc.paths} paths, seed ${mc.seed}`,
  ].join('\n');
}

export function formatRiskReport(report: RiskReport): string {
  const parts = [
    header(report),
    varTable(report.var, report.currency),
    stressTable(report.stress, report.currency, report.limits),
  ];
  if (report.notes.length > 0) parts.push(report.notes.map((n) => `note: ${n}`).join('\n'));
  parts.push(`stored in equity_snapshots (${report.scope} ${report.scopeId})`);
  return parts.join('\n\n');
}
