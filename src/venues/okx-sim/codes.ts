/**
 * OKX v5 error codes the simulator answers with, their messages and HTTP statuses. Sources: OKX's error
 * code tables as quoted in ccxt's okx `exceptions` map and in copies of the docs (auth errors are 401,
 * 50011 is 429, parameter errors 400, business errors 200 with the code in the body); see README.md.
 */

export interface OkxError {
  code: string;
  msg: string;
  status: number;
}

const error = (code: string, msg: string, status = 200): OkxError => ({ code, msg, status });

/** Request-level errors (the envelope's `code`). */
export const OKX = {
  bodyEmpty: error('50000', 'Body for POST request cannot be empty.', 400),
  jsonSyntax: error('50002', 'JSON syntax error', 400),
  endpointTimeout: error(
    '50004',
    'API endpoint request timeout (does not mean that the request was successful or failed, please check the request result).',
    400,
  ),
  rateLimited: error('50011', 'Too Many Requests', 429),
  paramEmpty: (name: string) => error('50014', `Parameter ${name} can not be empty.`, 400),
  envMismatch: error('50101', 'APIKey does not match current environment.', 401),
  timestampExpired: error('50102', 'Timestamp request expired', 401),
  keyEmpty: error('50103', 'Request header "OK-ACCESS-KEY" can not be empty.', 401),
  passphraseEmpty: error('50104', 'Request header "OK-ACCESS-PASSPHRASE" can not be empty.', 401),
  passphraseWrong: error('50105', 'Request header "OK-ACCESS-PASSPHRASE" incorrect.', 401),
  signEmpty: error('50106', 'Request header "OK-ACCESS-SIGN" can not be empty.', 401),
  timestampEmpty: error('50107', 'Request header "OK-ACCESS-TIMESTAMP" can not be empty.', 401),
  keyInvalid: error('50111', 'Invalid OK-ACCESS-KEY.', 401),
  timestampInvalid: error('50112', 'Invalid OK-ACCESS-TIMESTAMP.', 401),
  signInvalid: error('50113', 'Invalid Sign.', 401),
  wrongMethod: error('50115', 'Invalid request method.', 405),
  param: (name: string) => error('51000', `Parameter ${name} error`, 400),
  instrumentMissing: error('51001', "Instrument ID or Spread ID doesn't exist."),
  orderMissing: error('51603', 'Order does not exist'),
  positionModeBusy: error(
    '59000',
    'Settings failed. Close any open positions or orders before modifying settings.',
  ),
  leverageTooHigh: error('59102', 'Leverage exceeds the maximum limit for the instrument.'),
} as const;

/** Per-item codes of trade endpoints (`sCode` / `sMsg`). */
export const S = {
  param: (name: string): [string, string] => ['51000', `Parameter ${name} error`],
  instrument: (): [string, string] => ['51001', "Instrument ID or Spread ID doesn't exist."],
  priceLimit: (maxBuy: string, minSell: string): [string, string] => [
    '51006',
    `Order price is not within the price limit (max buy price: ${maxBuy} min sell price: ${minSell})`,
  ],
  insufficient: (ccy: string, what: 'balance' | 'margin'): [string, string] => [
    '51008',
    `Order failed. Insufficient ${ccy} ${what} in account`,
  ],
  paramEmpty: (name: string): [string, string] => ['50014', `Parameter ${name} can not be empty.`],
  attachedTpBuy: (): [string, string] => [
    '51046',
    'The take profit trigger price must be higher than the order price',
  ],
  attachedSlBuy: (): [string, string] => [
    '51047',
    'The stop loss trigger price must be lower than the order price',
  ],
  attachedTpSell: (): [string, string] => [
    '51048',
    'The take profit trigger price must be lower than the order price',
  ],
  attachedSlSell: (): [string, string] => [
    '51049',
    'The stop loss trigger price must be higher than the order price',
  ],
  duplicateClOrdId: (): [string, string] => ['51016', 'Duplicated client order ID'],
  belowMinSize: (min: string): [string, string] => [
    '51020',
    `Your order should meet or exceed the minimum order amount (${min}).`,
  ],
  closeExceeds: (): [string, string] => ['51112', 'Close order size exceeds your available size.'],
  lotSize: (): [string, string] => ['51121', 'Order quantity must be a multiple of the lot size.'],
  spotReduceOnly: (): [string, string] => [
    '51139',
    'Reduce-only feature is unavailable for the spot transactions by simple account',
  ],
  noPosition: (): [string, string] => [
    '51169',
    "Order failed because you don't have any positions in this direction for this contract.",
  ],
  callback: (): [string, string] => ['51257', 'Trail order callback rate error'],
  tpAboveLast: (): [string, string] => ['51277', 'TP trigger price cannot be higher than the last price'],
  slBelowLast: (): [string, string] => ['51278', 'SL trigger price cannot be lower than the last price'],
  tpBelowLast: (): [string, string] => ['51279', 'TP trigger price cannot be lower than the last price'],
  slAboveLast: (): [string, string] => ['51280', 'SL trigger price cannot be higher than the last price'],
  cancelMissing: (): [string, string] => [
    '51400',
    'Order cancellation failed as the order has been filled, canceled or does not exist.',
  ],
  cancelCanceled: (): [string, string] => [
    '51401',
    'Order cancellation failed as the order has been canceled.',
  ],
  cancelFilled: (): [string, string] => [
    '51402',
    'Order cancellation failed as the order has been completed.',
  ],
  amendNothing: (): [string, string] => ['51500', 'You need to modify the price or size of the order.'],
  amendMissing: (): [string, string] => [
    '51503',
    'Order modification failed as the order has been filled, canceled or does not exist.',
  ],
  amendCanceled: (): [string, string] => [
    '51509',
    'Order modification failed as the order has been canceled.',
  ],
  amendFilled: (): [string, string] => [
    '51510',
    'Order modification failed as the order has been completed.',
  ],
  amendPostOnly: (): [string, string] => [
    '51511',
    'Operation failed as the order price did not meet the requirement for Post Only.',
  ],
  amendFunds: (): [string, string] => [
    '51502',
    "Order modification failed because you don't have enough margin or balance.",
  ],
  algoClOrdIdTaken: (): [string, string] => ['51065', 'algoClOrdId already exists.'],
  eitherId: (): [string, string] => ['51003', 'Either client order ID or order ID is required.'],
  amendBelowFilled: (): [string, string] => [
    '51512',
    'Order modification failed as the new size is less than the filled size.',
  ],
  algoMissing: (): [string, string] => ['51603', 'Order does not exist'],
} as const;

/** OKX's cancel sources for cancels the system makes (pushed as `cancelSource`). */
export const CANCEL_SOURCE = {
  user: ['1', 'Order canceled by user'],
  postOnly: ['31', 'The post-only order will take liquidity in maker orders'],
  ioc: ['14', 'Order canceled: IOC order was partially canceled due to incompletely filled'],
  fok: ['15', 'Order canceled: The order price is beyond the limit'],
  reduceOnly: [
    '13',
    'Order canceled: Reduce-only order is canceled because the position is closed or reduced',
  ],
  parentCanceled: ['32', 'Attached TP/SL canceled as the main order was canceled'],
} as const;

/** WebSocket error events (`{"event":"error","code":…}`). */
export const WS = {
  invalidTimestamp: ['60004', 'Invalid timestamp'],
  invalidKey: ['60005', 'Invalid apiKey'],
  timestampExpired: ['60006', 'Timestamp request expired'],
  invalidSign: ['60007', 'Invalid sign'],
  loginOnPublic: [
    '60008',
    'The current WebSocket endpoint does not support subscribing to private channels.',
  ],
  loginFailed: ['60009', 'Login failed.'],
  pleaseLogin: ['60011', 'Please log in'],
  illegal: ['60012', 'Illegal request: '],
  invalidArgs: ['60013', 'Invalid args'],
  noChannel: ['60018', "Wrong URL or channel:{channel},instId:{instId} doesn't exist."],
  invalidOp: ['60019', 'Invalid op: '],
  wrongPassphrase: ['60024', 'Wrong passphrase'],
  movedToBusiness: [
    '64001',
    'This channel has been migrated to the business URL. Please subscribe using the new URL.',
  ],
  notOnBusiness: [
    '64002',
    'This channel is not supported by business URL. Please use "/private" URL(for private channels), or "/public" URL(for public channels).',
  ],
} as const;
