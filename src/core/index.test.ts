import { describe, expect, it } from 'vitest';
import * as core from './index.js';

describe('core public surface', () => {
  it('re-exports every module, errors and market included', () => {
    const expected = [
      'QuantLabError',
      'ERROR_CATALOGUE',
      'isQuantLabError',
      'makeClientOrderId',
      'ClientOrderIdGenerator',
      'createInstrument',
      'roundPrice',
      'roundQty',
      'formatPrice',
      'formatQty',
      'validateOrderQty',
      'parseTimeframe',
      'alignTs',
      'nextBucket',
      'validateCandle',
      'validateTicker',
      'validateBook',
      'createOrder',
      'applyOrderEvent',
      'ORDER_TRANSITIONS',
      'OrderStatus',
      'isTerminal',
      'isWorking',
      'validateFill',
      'applyFillToPosition',
      'unrealizedPnl',
      'liquidationPrice',
      'AccountBalances',
    ];
    for (const name of expected) expect(core, name).toHaveProperty(name);
    expect(core.OrderStatus.PartiallyFilled).toBe('PartiallyFilled');
  });
});
