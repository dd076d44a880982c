/**
 * What every search method implements: propose the next candidates from the trials completed so far.
 * Proposals are always valid (constraints, the strategy's own checks) and never repeat a candidate.
 */

import type { Candidate, Proposal } from './candidates.js';

export type SearchMethod = 'grid' | 'random' | 'tpe';
export const SEARCH_METHODS: readonly SearchMethod[] = ['grid', 'random', 'tpe'];

/** A finished trial as a sampler sees it; a null score (unscorable) counts as worse than any number. */
export interface CompletedTrial {
  readonly index: number;
  readonly candidate: Candidate;
  readonly score: number | null;
}

export interface Sampler {
  /**
   * True when proposals depend on earlier results (TPE). Such a sampler is asked in fixed-size batches
   * from the history completed in index order, so results do not depend on the number of workers.
   */
  readonly adaptive: boolean;
  /**
   * Up to `count` new candidates. Fewer (possibly none) means the space is exhausted: the search ends.
   * `history` holds every completed trial, in index order.
   */
  propose(count: number, history: readonly CompletedTrial[]): Proposal[];
  /** Why the search ended early or was cut, when it was (for the result's notes). */
  readonly note?: string;
}

/** Proposals per batch for adaptive samplers: fixed, so results are independent of the worker count. */
export const ADAPTIVE_BATCH = 8;
/** Proposals per batch otherwise: large enough to keep many workers busy. */
export const FIXED_BATCH = 256;
