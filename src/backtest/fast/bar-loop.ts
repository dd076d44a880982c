/**
 * The bar loop of `sma-cross`: a full step per bar with an event (a cross, a fill, funding, a mark sample),
 * quiet runs in between (quiet.ts). Fills, funding and decisions go through `FastAccount` with the
 * kernel's arithmetic.
 */

import { lastAtOrBefore, lowerBound, upperBound } from '../../core/sorted-search.js';
import type { FastAccount } from './account.js';
import type { CrossDecision } from './decide.js';
import { QuietRun } from './quiet.js';
import type { FastSettings } from './settings.js';
import type { FastPathUnsupported, SmaCrossFastInput } from './types.js';

const EMPTY = new Float64Array(0);
const LIQUIDATION: FastPathUnsupported = Object.freeze({ unsupported: 'liquidation' });

/**
 * The bar loop. Writes the equity points from `start` on and returns the number of traded bars that
 * ended with a position open, or why the run must go to the kernel.
 *
 * Memory traffic is the cost (each column of a 1-year 1m series is 4.2 MB): a flat bar reads the two
 * averages and the open, a held bar adds its adverse extreme and close; other columns are read per event
 * only. Funding and mark samples are turned into the bar index where they fall, so the loop compares
 * integers instead of reading close times. Steps per bar, in the kernel's order: funding due before the
 * bar's close, the pending next-open fill, the liquidation check, the strategy on the close (a close fill
 * happens here), the equity point.
 */
export function runBars(
  input: SmaCrossFastInput,
  decision: CrossDecision,
  settings: FastSettings,
  account: FastAccount,
  fastMa: Float64Array,
  slowMa: Float64Array,
  closeTs: Float64Array,
  start: number,
  equity: Float64Array,
): number | FastPathUnsupported {
  const { series, instrument: inst } = input;
  const { ts, open, high, low, close } = series;
  const n = close.length;
  if (start >= n) return 0;
  const cv = inst.contractValue;
  const inverse = inst.inverse;
  const fillAtClose = settings.fillAtClose;

  // Funding (perpetual swaps only): times before the first traded bar are never paid. A time f is due
  // in the first bar whose close is after it.
  const funding = inst.kind === 'swap' ? input.funding : undefined;
  const fundingTs = funding?.ts ?? EMPTY;
  const fundingRate = funding?.rate ?? EMPTY;
  const fundingCount = Math.min(fundingTs.length, fundingRate.length);
  let nextFunding = lowerBound(fundingTs, ts[start]!, fundingCount);
  let fundingBar = nextFunding < fundingCount ? upperBound(closeTs, fundingTs[nextFunding]!, start, n) : n;

  // Marks: funding is paid at the last sample ≤ its time; samples inside a held bar feed the check.
  const markTs = input.marks?.ts ?? EMPTY;
  const markPrice = input.marks?.price ?? EMPTY;
  const markCount = Math.min(markTs.length, markPrice.length);
  let nextMark = lowerBound(markTs, ts[start]!, markCount);
  let markBar = nextMark < markCount ? upperBound(closeTs, markTs[nextMark]!, start, n) : n;

  // Account state mirrored in locals for the loop; re-read after every event.
  let wallet = account.wallet;
  let qty = 0;
  let entry = 0;
  let qcv = 0;
  let invEntry = 0;
  let liqLow = account.liqLow;
  let liqHigh = account.liqHigh;

  const quiet = new QuietRun(fastMa, slowMa, open, close, equity, start, inverse);
  let previous = Number.NaN;
  let exposed = 0;

  let i = start;
  while (i < n) {
    if (i >= fundingBar) {
      const barClose = closeTs[i]!;
      do {
        if (account.qty !== 0) {
          const m = lastAtOrBefore(markTs, fundingTs[nextFunding]!, markCount);
          account.payFunding(fundingRate[nextFunding]!, m >= 0 ? markPrice[m]! : open[i]!);
        }
        nextFunding += 1;
      } while (nextFunding < fundingCount && fundingTs[nextFunding]! < barClose);
      fundingBar = nextFunding < fundingCount ? upperBound(closeTs, fundingTs[nextFunding]!, i + 1, n) : n;
      wallet = account.wallet;
      liqLow = account.liqLow;
      liqHigh = account.liqHigh;
    }

    if (account.pendingQty !== 0) {
      const o = open[i]!;
      // The position held through the gap to this open must survive it (and any mark up to the open)
      // before the order fills.
      if (o <= liqLow || o >= liqHigh) return LIQUIDATION;
      if (i >= markBar) {
        nextMark = checkMarks(markTs, markPrice, nextMark, markCount, ts[i]!, true, liqLow, liqHigh);
        if (nextMark < 0) return LIQUIDATION;
      }
      account.fillPending(i, false);
      wallet = account.wallet;
      qty = account.qty;
      entry = account.entry;
      qcv = qty * cv;
      invEntry = qty === 0 ? 0 : 1 / entry;
      liqLow = account.liqLow;
      liqHigh = account.liqHigh;
    }

    // The bar's path (venues/simulated/bar-path.ts: open, extremes, close) against the bound.
    if (qty > 0) {
      if (low[i]! <= liqLow || open[i]! <= liqLow || close[i]! <= liqLow) return LIQUIDATION;
    } else if (qty < 0) {
      if (high[i]! >= liqHigh || open[i]! >= liqHigh || close[i]! >= liqHigh) return LIQUIDATION;
    }
    if (i >= markBar) {
      nextMark = checkMarks(markTs, markPrice, nextMark, markCount, closeTs[i]!, false, liqLow, liqHigh);
      if (nextMark < 0) return LIQUIDATION;
      markBar = nextMark < markCount ? upperBound(closeTs, markTs[nextMark]!, i + 1, n) : n;
    }

    const d = fastMa[i]! - slowMa[i]!;
    if ((previous < 0 && d > 0) || (previous > 0 && d < 0)) {
      decision.decide(d > 0, i);
      // An order the venue refuses changes nothing (the refusal is counted).
      if (decision.qty !== 0 && account.submit(decision, i) && fillAtClose) {
        account.fillPending(i, true);
        wallet = account.wallet;
        qty = account.qty;
        entry = account.entry;
        qcv = qty * cv;
        invEntry = qty === 0 ? 0 : 1 / entry;
        liqLow = account.liqLow;
        liqHigh = account.liqHigh;
      }
    }
    previous = d;

    // Equity point: the wallet when flat, else wallet + unrealised PnL at the close (pnlFor's arithmetic).
    if (qty === 0) {
      equity[i - start] = wallet;
    } else {
      const c = close[i]!;
      equity[i - start] = inverse ? wallet + qcv * (invEntry - 1 / c) : wallet + qcv * (c - entry);
      exposed += 1;
    }
    i += 1;

    // Then the quiet bars up to the next event; the bar it stops at takes the full step above.
    const end = account.pendingQty === 0 ? Math.min(n, fundingBar, markBar) : i;
    if (i < end) {
      quiet.previous = previous;
      quiet.wallet = wallet;
      let stop: number;
      if (qty === 0) {
        stop = quiet.flat(i, end);
      } else {
        quiet.qcv = qcv;
        quiet.entryTerm = inverse ? invEntry : entry;
        quiet.long = qty > 0;
        quiet.bound = qty > 0 ? liqLow : liqHigh;
        quiet.adverse = qty > 0 ? low : high;
        stop = quiet.held(i, end);
      }
      if (stop > i) {
        if (qty !== 0) exposed += stop - i;
        previous = fastMa[stop - 1]! - slowMa[stop - 1]!;
        i = stop;
      }
    }
  }
  return exposed;
}

/**
 * Checks the mark samples from `from` up to `until` (inclusive or not) against the liquidation bounds of
 * the position held then. Returns the index of the first sample left, or −1 on a breach.
 */
function checkMarks(
  markTs: Float64Array,
  markPrice: Float64Array,
  from: number,
  count: number,
  until: number,
  inclusive: boolean,
  liqLow: number,
  liqHigh: number,
): number {
  let k = from;
  while (k < count && (markTs[k]! < until || (inclusive && markTs[k] === until))) {
    const m = markPrice[k]!;
    if (m <= liqLow || m >= liqHigh) return -1;
    k += 1;
  }
  return k;
}
