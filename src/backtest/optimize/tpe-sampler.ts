/**
 * Tree-structured Parzen Estimator (univariate, as in hyperopt and Optuna's default). After the startup
 * trials (uniform draws), completed trials are split at the γ quantile of their scores into "good" and
 * "bad"; per dimension a Parzen estimator l(x) is fitted to the good values and g(x) to the bad ones
 * (numeric ranges on log scale for log dimensions; lattice values snapped after drawing), TPE_CANDIDATES
 * draws are taken from l and the one with the highest l(x)/g(x) is proposed.
 *
 * Every slot of a batch is proposed from the same history with its own draws; a candidate that breaks a
 * constraint or repeats one is redrawn, first by TPE again, then by plain draws from l, then uniformly.
 */

import type { Random } from '../metrics/random.js';
import type { Candidate, CandidateGate, Proposal } from './candidates.js';
import { snapToRange } from './dimension-values.js';
import { categoricalProbabilities, drawCategory, NumericParzen } from './parzen.js';
import { drawAdmitted, exhaustedNote } from './random-sampler.js';
import type { CompletedTrial, Sampler } from './sampler.js';
import type { Dimension, ParamValue, RangeDimension, SearchSpace } from './space.js';

export const TPE_GAMMA = 0.25;
export const TPE_CANDIDATES = 24;
export const TPE_STARTUP_TRIALS = 10;
/** Redraws that still pick by l/g, then redraws straight from l, before falling back to uniform draws. */
const ARGMAX_ATTEMPTS = 10;
const PLAIN_ATTEMPTS = 40;

/** One dimension's pair of estimators and how to draw from and score them. */
interface DimensionModel {
  /** A value drawn from l(x), as a valid value of the dimension. */
  draw(rng: Random): ParamValue;
  /** log l(x) − log g(x). */
  score(value: ParamValue): number;
}

function toInternal(dim: RangeDimension, x: number): number {
  return dim.log ? Math.log(x) : x;
}

function rangeModel(dim: RangeDimension, good: number[], bad: number[]): DimensionModel {
  let lo = toInternal(dim, dim.min);
  let hi = toInternal(dim, dim.max);
  if (!dim.log && (dim.step !== undefined || dim.type === 'int')) {
    // Lattice: each point owns ±half a step, so the end points are as likely as inner ones.
    const half = (dim.step ?? 1) / 2;
    lo -= half;
    hi += half;
  }
  if (!(hi > lo)) return { draw: () => dim.min, score: () => 0 };
  const l = new NumericParzen(
    good.map((x) => toInternal(dim, x)),
    lo,
    hi,
  );
  const g = new NumericParzen(
    bad.map((x) => toInternal(dim, x)),
    lo,
    hi,
  );
  return {
    draw(rng) {
      const u = l.sample(rng);
      return snapToRange(dim, dim.log ? Math.exp(u) : u);
    },
    score(value) {
      const u = toInternal(dim, value as number);
      return l.logPdf(u) - g.logPdf(u);
    },
  };
}

function choiceModel(values: readonly ParamValue[], good: ParamValue[], bad: ParamValue[]): DimensionModel {
  const indexOf = (v: ParamValue) => values.indexOf(v);
  const l = categoricalProbabilities(good.map(indexOf), values.length);
  const g = categoricalProbabilities(bad.map(indexOf), values.length);
  return {
    draw: (rng) => values[drawCategory(l, rng)]!,
    score: (value) => Math.log(l[indexOf(value)]!) - Math.log(g[indexOf(value)]!),
  };
}

function modelOf(dim: Dimension, good: readonly CompletedTrial[], bad: readonly CompletedTrial[]) {
  const valuesOf = (trials: readonly CompletedTrial[]) => trials.map((t) => t.candidate[dim.name]!);
  if (dim.kind === 'choice') return choiceModel(dim.values, valuesOf(good), valuesOf(bad));
  return rangeModel(dim, valuesOf(good) as number[], valuesOf(bad) as number[]);
}

/** Best first: higher score, then a null score last, then the earlier trial (a stable, seed-free order). */
export function rankTrials(history: readonly CompletedTrial[]): CompletedTrial[] {
  return [...history].sort((a, b) => {
    if (a.score === null || b.score === null) {
      if (a.score !== b.score) return a.score === null ? 1 : -1;
      return a.index - b.index;
    }
    return b.score - a.score || a.index - b.index;
  });
}

export class TpeSampler implements Sampler {
  readonly adaptive = true;
  note: string | undefined;
  private proposed = 0;

  constructor(
    private readonly space: SearchSpace,
    private readonly gate: CandidateGate,
    private readonly rng: Random,
    private readonly startupTrials = TPE_STARTUP_TRIALS,
  ) {}

  propose(count: number, history: readonly CompletedTrial[]): Proposal[] {
    const models = this.fit(history);
    const out: Proposal[] = [];
    while (out.length < count && this.note === undefined) {
      const proposal =
        this.proposed < this.startupTrials || models === undefined
          ? drawAdmitted(this.space, this.gate, this.rng)
          : this.proposeFrom(models);
      if (proposal === undefined) {
        this.note = exhaustedNote(this.proposed);
        break;
      }
      out.push(proposal);
      this.proposed += 1;
    }
    return out;
  }

  /** Per-dimension models from the history; undefined while no trial has a score. */
  private fit(history: readonly CompletedTrial[]): DimensionModel[] | undefined {
    const ranked = rankTrials(history);
    const scored = ranked.filter((t) => t.score !== null).length;
    if (scored === 0) return undefined;
    const goodCount = Math.min(scored, Math.max(1, Math.ceil(TPE_GAMMA * ranked.length)));
    const good = ranked.slice(0, goodCount);
    const bad = ranked.slice(goodCount);
    return this.space.dimensions.map((dim) => modelOf(dim, good, bad));
  }

  private proposeFrom(models: readonly DimensionModel[]): Proposal | undefined {
    for (let attempt = 0; attempt < ARGMAX_ATTEMPTS + PLAIN_ATTEMPTS; attempt += 1) {
      const candidate: Record<string, ParamValue> = {};
      this.space.dimensions.forEach((dim, d) => {
        const model = models[d]!;
        candidate[dim.name] = attempt < ARGMAX_ATTEMPTS ? this.bestOf(model) : model.draw(this.rng);
      });
      const proposal = this.gate.admit(candidate as Candidate);
      if (proposal !== undefined) return proposal;
    }
    return drawAdmitted(this.space, this.gate, this.rng);
  }

  /** The draw from l with the highest l/g among TPE_CANDIDATES (the first on ties). */
  private bestOf(model: DimensionModel): ParamValue {
    let best = model.draw(this.rng);
    let bestScore = model.score(best);
    for (let i = 1; i < TPE_CANDIDATES; i += 1) {
      const value = model.draw(this.rng);
      const score = model.score(value);
      if (score > bestScore) {
        best = value;
        bestScore = score;
      }
    }
    return best;
  }
}
