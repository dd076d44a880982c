/**
 * `/trade/close-position`: closes a whole position with a market order (ccxt's closePosition). The
 * position is chosen by instrument, margin mode and — in long/short mode — position side; without one
 * OKX answers 51023 "Position does not exist".
 */

import { direction } from './account.js';
import { S } from './codes.js';
import type { MatchingEngine } from './engine.js';
import { type RawRequest, text } from './order-intake.js';
import type { ItemResult, PosSide, SimOrder } from './types.js';
import { rejected } from './types.js';

const CLIENT_ID = /^[A-Za-z0-9]{1,32}$/;

export function closePosition(engine: MatchingEngine, raw: RawRequest): ItemResult<SimOrder> {
  const instId = text(raw, 'instId');
  if (instId === '') return rejected(...S.paramEmpty('instId'));
  const inst = engine.instrument(instId);
  if (inst === undefined || inst.instType !== 'SWAP') return rejected(...S.instrument());
  const mgnMode = text(raw, 'mgnMode');
  if (mgnMode !== 'cross' && mgnMode !== 'isolated') return rejected(...S.param('mgnMode'));
  const posSideText = text(raw, 'posSide');
  let posSide: PosSide = 'net';
  if (engine.posMode() === 'long_short_mode') {
    if (posSideText !== 'long' && posSideText !== 'short') return rejected(...S.param('posSide'));
    posSide = posSideText;
  }
  const clOrdId = text(raw, 'clOrdId');
  if (clOrdId !== '' && !CLIENT_ID.test(clOrdId)) return rejected(...S.param('clOrdId'));
  if (clOrdId !== '' && engine.store.clOrdIdTaken(clOrdId)) return rejected(...S.duplicateClOrdId());
  const position = engine.account.position(inst, mgnMode, posSide);
  if (position === undefined || position.pos === 0) return rejected('51023', 'Position does not exist.');
  return engine.submit(
    {
      inst,
      side: direction(position) > 0 ? 'sell' : 'buy',
      tdMode: mgnMode,
      posSide,
      sz: Math.abs(position.pos),
      reduceOnly: posSide === 'net',
      tag: text(raw, 'tag'),
      ordType: 'market',
      px: undefined,
      tgtCcy: '',
      clOrdId,
      attached: [],
    },
    { algoId: '', algoClOrdId: '' },
  );
}
