/**
 * Which candidates may be evaluated: those that satisfy the space's constraints and the strategy
 * definition's own parameter checks (bounds, `validate()` such as fast < slow), and that were not proposed
 * before. A rejected candidate is never sent to a backtest.
 */

import { QuantLabError, toQuantLabError } from '../../core/errors.js';
import type { ParamSpecs, ParamsOf, StrategyDefinition } from '../../strategies/types.js';
import { satisfies } from './constraints.js';
import type { ParamValue, SearchSpace } from './space.js';

/** Values of the space's dimensions (not the fixed ones), keyed by parameter name. */
export type Candidate = Readonly<Record<string, ParamValue>>;

/** A candidate accepted for evaluation, with the full parameter set the backtest receives. */
export interface Proposal {
  readonly candidate: Candidate;
  /** Defaults applied, fixed values merged; optional parameters left unset are absent. */
  readonly params: Readonly<Record<string, unknown>>;
}

type DefinitionParts = Pick<StrategyDefinition<ParamSpecs>, 'name' | 'params' | 'validate'>;

export class CandidateGate {
  private readonly seen = new Set<string>();
  /** Keys already found invalid: samplers redraw the same point often on small discrete spaces. */
  private readonly rejected = new Set<string>();
  private readonly defaults: Record<string, unknown> = {};

  /**
   * `base`: values for the parameters the space does not name (the run's configured params); the
   * strategy's defaults fill in the rest. Keys the strategy does not know are ignored.
   */
  constructor(
    private readonly definition: DefinitionParts,
    private readonly space: SearchSpace,
    base: Readonly<Record<string, unknown>> = {},
  ) {
    for (const [name, spec] of Object.entries(definition.params)) {
      const value = Object.hasOwn(base, name) ? base[name] : undefined;
      if (value !== undefined) this.defaults[name] = value;
      else if ('default' in spec) this.defaults[name] = spec.default;
    }
  }

  /** A stable identity of a candidate (dimensions in space order). */
  key(candidate: Candidate): string {
    return JSON.stringify(this.space.dimensions.map((d) => candidate[d.name]));
  }

  /**
   * The full parameters when the candidate is valid, undefined when a constraint or the strategy's
   * `validate()` rejects it. Types and bounds need no check here: parseSearchSpace checked every value a
   * dimension can produce against the parameter table. This runs for every grid point, so it stays cheap
   * (`resolveParams` builds a zod schema per call: ~1 ms).
   */
  check(candidate: Candidate): Readonly<Record<string, unknown>> | undefined {
    const params = { ...this.defaults, ...this.space.fixed, ...candidate };
    for (const constraint of this.space.constraints) if (!satisfies(constraint, params)) return undefined;
    if (this.definition.validate === undefined) return params;
    let messages: unknown;
    try {
      messages = this.definition.validate(params as ParamsOf<ParamSpecs>);
    } catch (error) {
      // The definition's own bug, not a bad candidate: stop, as resolveParams would.
      throw new QuantLabError(
        'QL_ERR_STRATEGY_FAILED',
        `${this.definition.name}: validate() threw: ${toQuantLabError(error).message}`,
        { details: { strategy: this.definition.name }, cause: error },
      );
    }
    if (!Array.isArray(messages)) {
      throw new QuantLabError(
        'QL_ERR_STRATEGY_FAILED',
        `${this.definition.name}: validate() did not return a list of messages`,
        { details: { strategy: this.definition.name } },
      );
    }
    return messages.length === 0 ? params : undefined;
  }

  /** Valid and never admitted before: marks it seen and returns the proposal; otherwise undefined. */
  admit(candidate: Candidate): Proposal | undefined {
    const key = this.key(candidate);
    if (this.seen.has(key) || this.rejected.has(key)) return undefined;
    const params = this.check(candidate);
    if (params === undefined) {
      this.rejected.add(key);
      return undefined;
    }
    this.seen.add(key);
    return { candidate, params };
  }
}
