/**
 * Random search: every dimension drawn independently and uniformly (on log scale for log ranges; a
 * stepped or integer range draws one of its lattice points), from a seeded generator, so a seed always
 * gives the same sequence. Invalid or repeated draws are redrawn.
 */

import type { Random } from '../metrics/random.js';
import type { Candidate, CandidateGate, Proposal } from './candidates.js';
import { snapToRange } from './dimension-values.js';
import type { Sampler } from './sampler.js';
import type { Dimension, ParamValue, SearchSpace } from './space.js';

/** Draws before concluding no valid, unseen candidate is left. */
export const MAX_DRAWS = 1000;

export function drawUniform(dim: Dimension, rng: Random): ParamValue {
  if (dim.kind === 'choice') return dim.values[rng.int(dim.values.length)]!;
  if (dim.log) {
    const lo = Math.log(dim.min);
    return snapToRange(dim, Math.exp(lo + rng.next() * (Math.log(dim.max) - lo)));
  }
  const step = dim.step ?? (dim.type === 'int' ? 1 : undefined);
  if (step === undefined) return dim.min + rng.next() * (dim.max - dim.min);
  const points = Math.floor((dim.max - dim.min) / step + 1e-9) + 1;
  return snapToRange(dim, dim.min + rng.int(points) * step);
}

export function drawCandidate(space: SearchSpace, rng: Random): Candidate {
  const candidate: Record<string, ParamValue> = {};
  for (const dim of space.dimensions) candidate[dim.name] = drawUniform(dim, rng);
  return candidate;
}

/** A valid, unseen uniform draw; undefined after MAX_DRAWS failures. */
export function drawAdmitted(space: SearchSpace, gate: CandidateGate, rng: Random): Proposal | undefined {
  for (let attempt = 0; attempt < MAX_DRAWS; attempt += 1) {
    const proposal = gate.admit(drawCandidate(space, rng));
    if (proposal !== undefined) return proposal;
  }
  return undefined;
}

export function exhaustedNote(trials: number): string {
  return `search stopped after ${trials} trials: ${MAX_DRAWS} draws found no valid candidate that was not tried already`;
}

export class RandomSampler implements Sampler {
  readonly adaptive = false;
  note: string | undefined;
  private proposed = 0;

  constructor(
    private readonly space: SearchSpace,
    private readonly gate: CandidateGate,
    private readonly rng: Random,
  ) {}

  propose(count: number): Proposal[] {
    const out: Proposal[] = [];
    while (out.length < count && this.note === undefined) {
      const proposal = drawAdmitted(this.space, this.gate, this.rng);
      if (proposal === undefined) this.note = exhaustedNote(this.proposed);
      else {
        out.push(proposal);
        this.proposed += 1;
      }
    }
    return out;
  }
}
