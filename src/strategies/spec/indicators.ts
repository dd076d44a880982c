/**
 * Checks the `indicators` section and plans each entry: the type must be known (with a "did you mean"
 * hint), parameters must be the indicator's own (by name or in TA-Lib order), and the values must be
 * accepted by the indicator itself. The indicator is constructed to find out: its QL_ERR_INDICATOR_INVALID
 * names the parameter, which is mapped back to the spec path.
 */

import { isQuantLabError } from '../../core/errors.js';
import type { StreamingIndicator } from '../../indicators/types.js';
import {
  availableIndicatorTypes,
  findIndicatorKind,
  type IndicatorKind,
  indicatorClass,
} from './catalogue.js';
import { didYouMean, issue, type SpecPath } from './issues.js';
import { type ParamValues, type PlannedIndicator, resolveArgument } from './plan.js';
import type { AnalysisScope, IndicatorTable } from './references.js';
import { soundsLikeFuture } from './rules.js';
import { IDENTIFIER, type IndicatorSpec, PRICE_FIELDS } from './schema.js';

const PRICE_SET = new Set<string>(PRICE_FIELDS);

/** Builds the indicator for one run's values; throws what the indicator throws. */
export function buildIndicator(planned: PlannedIndicator, values: ParamValues): StreamingIndicator {
  return new planned.cls(...planned.args.map((arg) => resolveArgument(arg, values)));
}

export class IndicatorPlanner {
  readonly planned: PlannedIndicator[] = [];
  private readonly outputs = new Map<string, { kind: IndicatorKind; outputs: readonly string[] }>();
  private readonly broken: Set<string>;

  constructor(
    private readonly scope: AnalysisScope,
    private readonly defaults: ParamValues,
    /** Ids declared elsewhere in the document but malformed: treated as known and broken. */
    assumed: Iterable<string> = [],
  ) {
    this.broken = new Set(assumed);
  }

  get table(): IndicatorTable {
    return { outputs: this.outputs, broken: this.broken };
  }

  /** Plans every declared indicator. */
  declare(indicators: Readonly<Record<string, IndicatorSpec>>): void {
    for (const [id, spec] of Object.entries(indicators)) {
      if (!this.declareOne(id, spec, ['indicators', id])) this.broken.add(id);
    }
  }

  /** The ATR a stop distance or risk sizing needs (one per period), planned once; its id or undefined. */
  atr(period: number | string | undefined, path: SpecPath): string | undefined {
    const id = `atr#${period ?? 14}`;
    if (this.outputs.has(id)) return id;
    const kind = findIndicatorKind('atr')!;
    const cls = indicatorClass(kind);
    if (cls === undefined) {
      this.scope.report(path, 'ATR distances need the atr indicator, which this build does not have');
      return undefined;
    }
    if (period !== undefined && typeof period === 'string' && !this.scope.knownNumber(path, period)) {
      return undefined;
    }
    const planned: PlannedIndicator = {
      id,
      kind,
      cls,
      args: [period],
      source: undefined,
      timeframe: undefined,
    };
    if (!this.tryBuild(planned, () => path)) return undefined;
    this.planned.push(planned);
    this.outputs.set(id, { kind, outputs: ['value'] });
    return id;
  }

  private declareOne(id: string, spec: IndicatorSpec, path: SpecPath): boolean {
    if (!IDENTIFIER.test(id) || PRICE_SET.has(id) || soundsLikeFuture(id)) {
      this.scope.report(
        path,
        `indicator id "${id}" must be an identifier (letters, digits, _) that is not a price ` +
          `(${PRICE_FIELDS.join(', ')}) and does not sound like a future value (next, lead …)`,
      );
      return false;
    }
    const kind = findIndicatorKind(spec.type);
    if (kind === undefined) {
      this.scope.report(
        [...path, 'type'],
        `unknown indicator type "${spec.type}"${didYouMean(spec.type, availableIndicatorTypes())}`,
      );
      return false;
    }
    const cls = indicatorClass(kind);
    if (cls === undefined) {
      this.scope.report([...path, 'type'], `indicator type "${kind.type}" is not available in this build`);
      return false;
    }
    const args = this.arguments(kind, spec, path);
    if (args === undefined) return false;
    const planned: PlannedIndicator = {
      id,
      kind,
      cls,
      args,
      source: spec.source,
      timeframe: spec.timeframe,
    };
    const instance = this.tryBuild(planned, (param) => argumentPath(kind, spec, path, param));
    if (instance === undefined) return false;
    if (spec.source !== undefined && instance.input !== 'real') {
      this.scope.report(
        [...path, 'source'],
        `${kind.type} reads whole bars (input "${instance.input}"), so a source does not apply`,
      );
      return false;
    }
    this.planned.push(planned);
    this.outputs.set(id, { kind, outputs: instance.outputs });
    return true;
  }

  /** Positional arguments from named or positional params; undefined after reporting a problem. */
  private arguments(
    kind: IndicatorKind,
    spec: IndicatorSpec,
    path: SpecPath,
  ): (number | string | undefined)[] | undefined {
    const takes =
      kind.params.length === 0 ? 'takes no parameters' : `takes ${kind.params.join(', ')} (in this order)`;
    const given = spec.params ?? [];
    let ok = true;
    const args: (number | string | undefined)[] = [];
    const entries: [string | number, number | string][] = Array.isArray(given)
      ? given.map((value, i) => [i, value])
      : Object.entries(given);
    for (const [key, value] of entries) {
      const position = typeof key === 'number' ? key : kind.params.indexOf(key);
      const where = [...path, 'params', key];
      if (position < 0 || position >= kind.params.length) {
        const what =
          typeof key === 'number'
            ? `too many parameters: ${kind.type} ${takes}`
            : `unknown parameter "${key}"${didYouMean(key, kind.params)}: ${kind.type} ${takes}`;
        this.scope.report(where, what);
        ok = false;
        continue;
      }
      if (typeof value === 'string' && value.startsWith('$') && !this.scope.knownNumber(where, value)) {
        ok = false;
        continue;
      }
      args[position] = value;
    }
    return ok ? Array.from(args, (arg) => arg) : undefined;
  }

  /**
   * Builds the indicator with the default values (reporting its complaint at the parameter's path) and
   * registers the same check for every run; the built instance, or undefined.
   */
  private tryBuild(
    planned: PlannedIndicator,
    pathOf: (param: string | undefined) => SpecPath,
  ): StreamingIndicator | undefined {
    const attempt = (
      values: ParamValues,
    ): { instance?: StreamingIndicator; param?: string; message?: string } => {
      try {
        return { instance: buildIndicator(planned, values) };
      } catch (error) {
        if (!isQuantLabError(error)) return { message: String(error) };
        const param = error.details?.param;
        return { message: error.message, ...(typeof param === 'string' ? { param } : {}) };
      }
    };
    const refs = planned.args.filter((arg): arg is string => typeof arg === 'string' && arg.startsWith('$'));
    const first = attempt(this.defaults);
    this.scope.checks.push({
      refs: refs.map((ref) => ref.slice(1)),
      check: (values) => {
        const outcome = attempt(values);
        return outcome.instance === undefined
          ? issue(pathOf(outcome.param), outcome.message ?? '')
          : undefined;
      },
    });
    // A failure is reported when the analysis runs the checks with the defaults.
    return first.instance;
  }
}

/** Where a parameter the indicator complained about sits in the spec. */
function argumentPath(
  kind: IndicatorKind,
  spec: IndicatorSpec,
  path: SpecPath,
  param: string | undefined,
): SpecPath {
  if (spec.params === undefined) return path;
  const position = param === undefined ? -1 : kind.params.indexOf(param);
  if (Array.isArray(spec.params)) {
    return position >= 0 && position < spec.params.length
      ? [...path, 'params', position]
      : [...path, 'params'];
  }
  return param !== undefined && Object.hasOwn(spec.params, param)
    ? [...path, 'params', param]
    : [...path, 'params'];
}
