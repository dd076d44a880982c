/**
 * Grid search: the cartesian product of every dimension's grid points, in a fixed order (the first
 * dimension of the space varies slowest, the last fastest), keeping only valid candidates. A trial cap
 * takes the first N valid points of that order.
 */

import { QuantLabError } from '../../core/errors.js';
import type { Candidate, CandidateGate, Proposal } from './candidates.js';
import { gridValues, MAX_GRID_SIZE } from './dimension-values.js';
import type { Sampler } from './sampler.js';
import type { ParamValue, SearchSpace } from './space.js';

export class GridSampler implements Sampler {
  readonly adaptive = false;
  /** The valid points that will run (the first `limit`), in grid order. */
  private readonly queue: Proposal[] = [];
  private readonly values: (readonly ParamValue[])[];
  private cursor = 0;
  /** Grid points before filtering. */
  readonly combinations: number;
  /** Valid grid points (before any trial cap). */
  readonly size: number = 0;

  constructor(
    private readonly space: SearchSpace,
    private readonly gate: CandidateGate,
    private readonly limit: number | undefined,
  ) {
    this.values = space.dimensions.map(gridValues);
    this.combinations = this.values.reduce((n, v) => n * v.length, 1);
    if (this.combinations > MAX_GRID_SIZE) {
      throw new QuantLabError(
        'QL_ERR_INVALID_INPUT',
        `--space: the grid has ${this.combinations} points (limit ${MAX_GRID_SIZE}); give larger steps or use --method random|tpe`,
        { details: { key: 'space', points: this.combinations } },
      );
    }
    // Every point is checked up front so the note and the progress total are exact; only the first
    // `limit` valid points are kept.
    let size = 0;
    for (let flat = 0; flat < this.combinations; flat += 1) {
      const proposal = this.gate.admit(this.decode(flat));
      if (proposal === undefined) continue;
      if (limit === undefined || size < limit) this.queue.push(proposal);
      size += 1;
    }
    this.size = size;
  }

  /** How many trials the grid will run. */
  get planned(): number {
    return this.queue.length;
  }

  get note(): string | undefined {
    const filtered = this.combinations - this.size;
    const why = filtered > 0 ? ` (${filtered} of ${this.combinations} points break a constraint)` : '';
    if (this.planned < this.size) {
      return `grid has ${this.size} valid candidates${why}; --trials ${this.limit} evaluates only the first ${this.planned} in grid order`;
    }
    return filtered > 0 ? `grid has ${this.size} valid candidates${why}` : undefined;
  }

  private decode(flat: number): Candidate {
    const candidate: Record<string, ParamValue> = {};
    let rest = flat;
    for (let d = this.values.length - 1; d >= 0; d -= 1) {
      const values = this.values[d]!;
      candidate[this.space.dimensions[d]!.name] = values[rest % values.length]!;
      rest = Math.floor(rest / values.length);
    }
    // Keys in space order, so a candidate prints the way the space was written.
    const ordered: Record<string, ParamValue> = {};
    for (const dim of this.space.dimensions) ordered[dim.name] = candidate[dim.name]!;
    return ordered;
  }

  propose(count: number): Proposal[] {
    const out: Proposal[] = [];
    while (out.length < count && this.cursor < this.queue.length) {
      out.push(this.queue[this.cursor]!);
      this.cursor += 1;
    }
    return out;
  }
}
