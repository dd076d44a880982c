/**
 * What names a spec may refer to, and the checks on numbers that may be `$param` references. Shared by the
 * indicator, rule and order parts of the analysis so that every unknown name is reported the same way.
 */

import type { IndicatorKind } from './catalogue.js';
import { closest, issue, type SpecIssue, type SpecPath } from './issues.js';
import type { ParamValues, ValueCheck } from './plan.js';
import type { NumberOrParam } from './schema.js';

/** The indicators rules may read: outputs per id, and ids that exist but failed their own checks. */
export interface IndicatorTable {
  readonly outputs: ReadonlyMap<
    string,
    { readonly kind: IndicatorKind; readonly outputs: readonly string[] }
  >;
  /** Declared ids whose definition is invalid: references to them are not reported a second time. */
  readonly broken: ReadonlySet<string>;
}

/** The analysis in progress: issues found so far, checks to run per run, the names in scope. */
export class AnalysisScope {
  readonly issues: SpecIssue[] = [];
  readonly checks: ValueCheck[] = [];
  constructor(readonly params: ReadonlySet<string>) {}

  report(path: SpecPath, message: string): void {
    this.issues.push(issue(path, message));
  }

  /** True when `value` is a literal or a known `$param`; reports unknown ones. */
  knownNumber(path: SpecPath, value: NumberOrParam): boolean {
    if (typeof value === 'number') return true;
    const name = value.slice(1);
    if (this.params.has(name)) return true;
    const hint = closest(name, this.params);
    this.report(
      path,
      `unknown parameter "${value}"${hint === undefined ? '' : ` (did you mean "$${hint}"?)`}: declare it in params` +
        (this.params.size > 0 ? ` (known: ${[...this.params].map((p) => `$${p}`).join(', ')})` : ''),
    );
    return false;
  }

  /**
   * Registers a per-run check that `value` (literal or param) satisfies `test`; `rule` says what it must
   * be ("must be > 0"). Unknown params are reported once here and skip the check.
   */
  requireNumber(
    path: SpecPath,
    value: NumberOrParam | undefined,
    test: (x: number) => boolean,
    rule: string,
  ): void {
    if (value === undefined || !this.knownNumber(path, value)) return;
    this.checks.push({
      refs: typeof value === 'string' ? [value.slice(1)] : [],
      check: (values: ParamValues) => {
        const x = typeof value === 'number' ? value : values[value.slice(1)];
        return x !== undefined && Number.isFinite(x) && test(x)
          ? undefined
          : issue(path, `${rule}, got ${String(x)}`);
      },
    });
  }
}
