/** Order sides and their signs, shared by orders, fills and positions. */

export type OrderSide = 'buy' | 'sell';

/** +1 for buy, −1 for sell. */
export function sideSign(side: OrderSide): 1 | -1 {
  return side === 'buy' ? 1 : -1;
}

/** The opposite side. */
export function oppositeSide(side: OrderSide): OrderSide {
  return side === 'buy' ? 'sell' : 'buy';
}

/** True for 'buy' and 'sell'. */
export function isOrderSide(value: unknown): value is OrderSide {
  return value === 'buy' || value === 'sell';
}
