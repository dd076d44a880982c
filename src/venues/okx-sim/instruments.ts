/**
 * The simulated instruments: USDT spot pairs (`BTC-USDT`) and USDT-margined perpetual swaps
 * (`BTC-USDT-SWAP`). Grids and contract values for common bases follow OKX's listings (read from the real
 * instrument samples and OKX's site, 2025); other bases get grids derived from their start price. The
 * `/public/instruments` rows carry the field set of the real samples (nautilus `http_get_instruments_*`),
 * generated here because production code never reads the samples.
 */

import { QuantLabError } from '../../core/errors.js';

export type InstType = 'SPOT' | 'SWAP';

export interface SimInstrument {
  instId: string;
  instType: InstType;
  base: string;
  quote: string;
  /** Settlement currency: the quote for swaps, '' for spot. */
  settle: string;
  /** Contract value in base currency (1 for spot, where sizes are in base). */
  ctVal: number;
  tickSz: string;
  lotSz: string;
  minSz: string;
  tick: number;
  lot: number;
  min: number;
  maxLever: number;
  /** Where the price path starts when no candle file is given. */
  startPrice: number;
  /** ccxt's unified symbol (`BTC/USDT:USDT`), for messages. */
  symbol: string;
}

interface BaseSpec {
  startPrice: number;
  spot: { tick: string; lot: string; min: string };
  swap: { tick: string; lot: string; min: string; ctVal: number; lever: number };
}

/** OKX's grids for the bases used in tests and demos. */
const KNOWN_BASES: Readonly<Record<string, BaseSpec>> = {
  BTC: {
    startPrice: 60_000,
    spot: { tick: '0.1', lot: '0.00000001', min: '0.00001' },
    swap: { tick: '0.1', lot: '0.01', min: '0.01', ctVal: 0.01, lever: 100 },
  },
  ETH: {
    startPrice: 3_000,
    spot: { tick: '0.01', lot: '0.000001', min: '0.0001' },
    swap: { tick: '0.01', lot: '0.01', min: '0.01', ctVal: 0.1, lever: 100 },
  },
  LTC: {
    startPrice: 80,
    spot: { tick: '0.01', lot: '0.000001', min: '0.001' },
    swap: { tick: '0.01', lot: '0.01', min: '0.01', ctVal: 1, lever: 75 },
  },
  SOL: {
    startPrice: 150,
    spot: { tick: '0.01', lot: '0.000001', min: '0.01' },
    swap: { tick: '0.01', lot: '0.01', min: '0.01', ctVal: 1, lever: 50 },
  },
  ADA: {
    startPrice: 0.5,
    spot: { tick: '0.0001', lot: '0.000001', min: '1' },
    swap: { tick: '0.0001', lot: '0.1', min: '0.1', ctVal: 100, lever: 75 },
  },
  XRP: {
    startPrice: 0.6,
    spot: { tick: '0.0001', lot: '0.000001', min: '1' },
    swap: { tick: '0.0001', lot: '0.01', min: '0.01', ctVal: 100, lever: 75 },
  },
  DOGE: {
    startPrice: 0.15,
    spot: { tick: '0.00001', lot: '0.000001', min: '10' },
    swap: { tick: '0.00001', lot: '0.01', min: '0.01', ctVal: 1000, lever: 75 },
  },
};

/** A step of 10^exp as OKX writes it (`"0.001"`, `"1"`). */
function stepString(exp: number): string {
  return exp >= 0 ? String(10 ** exp) : `0.${'0'.repeat(-exp - 1)}1`;
}

/** Grids for a base OKX does not list here: about five significant digits of price. */
function derivedSpec(startPrice: number): BaseSpec {
  const tick = stepString(Math.floor(Math.log10(startPrice)) - 4);
  return {
    startPrice,
    spot: { tick, lot: '0.000001', min: '0.001' },
    swap: { tick, lot: '1', min: '1', ctVal: 1, lever: 50 },
  };
}

const QUOTES = new Set(['USDT', 'USDC']);

function usage(message: string): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', message, { details: { venue: 'okx-sim' } });
}

/**
 * An instrument from an OKX id (`BTC-USDT-SWAP`, `BTC-USDT`) or a ccxt symbol (`BTC/USDT:USDT`,
 * `BTC/USDT`). `startPrices` overrides the start price per base (and sets it for unknown bases).
 */
export function resolveInstrument(
  symbol: string,
  startPrices: Readonly<Record<string, number>> = {},
): SimInstrument {
  const text = symbol.trim().toUpperCase();
  let base: string;
  let quote: string;
  let swap: boolean;
  const unified = /^([A-Z0-9]+)\/([A-Z0-9]+)(?::([A-Z0-9]+))?$/.exec(text);
  const okx = /^([A-Z0-9]+)-([A-Z0-9]+)(-SWAP)?$/.exec(text);
  if (unified) {
    [base, quote] = [unified[1]!, unified[2]!];
    swap = unified[3] !== undefined;
    if (swap && unified[3] !== quote) {
      throw usage(`${symbol}: only linear swaps settled in the quote currency are simulated`);
    }
  } else if (okx) {
    [base, quote] = [okx[1]!, okx[2]!];
    swap = okx[3] !== undefined;
  } else {
    throw usage(`${symbol}: expected an OKX id (BTC-USDT, BTC-USDT-SWAP) or a ccxt symbol (BTC/USDT:USDT)`);
  }
  if (!QUOTES.has(quote)) throw usage(`${symbol}: only USDT and USDC markets are simulated`);
  const override = startPrices[base];
  const known = KNOWN_BASES[base];
  const spec = known === undefined ? derivedSpec(override ?? 100) : known;
  const startPrice = override ?? spec.startPrice;
  const grid = swap ? spec.swap : spec.spot;
  const instType: InstType = swap ? 'SWAP' : 'SPOT';
  return {
    instId: swap ? `${base}-${quote}-SWAP` : `${base}-${quote}`,
    instType,
    base,
    quote,
    settle: swap ? quote : '',
    ctVal: swap ? spec.swap.ctVal : 1,
    tickSz: grid.tick,
    lotSz: grid.lot,
    minSz: grid.min,
    tick: Number(grid.tick),
    lot: Number(grid.lot),
    min: Number(grid.min),
    maxLever: swap ? spec.swap.lever : 10,
    startPrice,
    symbol: swap ? `${base}/${quote}:${quote}` : `${base}/${quote}`,
  };
}

/** The `/api/v5/public/instruments` row, with the real samples' field set. */
export function instrumentRow(inst: SimInstrument, listTime: number): Record<string, unknown> {
  const swap = inst.instType === 'SWAP';
  const family = `${inst.base}-${inst.quote}`;
  return {
    alias: '',
    auctionEndTime: '',
    baseCcy: swap ? '' : inst.base,
    category: '1',
    contTdSwTime: '',
    ctMult: swap ? '1' : '',
    ctType: swap ? 'linear' : '',
    ctVal: swap ? String(inst.ctVal) : '',
    ctValCcy: swap ? inst.base : '',
    expTime: '',
    futureSettlement: false,
    instFamily: swap ? family : '',
    instId: inst.instId,
    instIdCode: 0,
    instType: inst.instType,
    lever: String(inst.maxLever),
    listTime: String(listTime),
    lotSz: inst.lotSz,
    maxIcebergSz: '9999999999.0000000000000000',
    maxLmtAmt: '20000000',
    maxLmtSz: '9999999999',
    maxMktAmt: swap ? '' : '1000000',
    maxMktSz: swap ? '12000' : '1000000',
    maxPlatOILmt: '',
    maxStopSz: swap ? '12000' : '1000000',
    maxTriggerSz: '9999999999.0000000000000000',
    maxTwapSz: '9999999999.0000000000000000',
    minSz: inst.minSz,
    openType: '',
    optType: '',
    posLmtAmt: '',
    posLmtPct: '',
    preMktSwTime: '',
    quoteCcy: swap ? '' : inst.quote,
    ruleType: 'normal',
    settleCcy: inst.settle,
    state: 'live',
    stk: '',
    tickSz: inst.tickSz,
    tradeQuoteCcyList: swap ? [] : [inst.quote],
    uly: swap ? family : '',
  };
}
