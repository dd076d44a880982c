/**
 * Account and asset endpoints: balance, positions, account configuration, leverage (set and read),
 * position mode, trading fees, and the currency list ccxt reads when it has keys
 * (`/asset/currencies`). Setting the position mode with open positions or orders fails with 59000, as
 * on OKX; leverage above the instrument's maximum with 59102.
 */

import { OKX } from './codes.js';
import { parseDecimal } from './numbers.js';
import type { RouteContext } from './rest-public.js';
import { ok, okxError, type RestReply, type RestRequest, type Route } from './rest-server.js';
import type { PosSide } from './types.js';

type Json = Record<string, unknown>;

const body = (request: RestRequest): Json =>
  typeof request.json === 'object' && request.json !== null && !Array.isArray(request.json)
    ? (request.json as Json)
    : {};

const str = (value: unknown) =>
  typeof value === 'string' ? value : value === undefined ? '' : String(value);

export function accountRoutes(ctx: RouteContext, uid: string): Array<[string, Route]> {
  const { engine, feeds } = ctx;
  const account = engine.account;
  const get = (handler: Route['handler']): Route => ({ auth: true, handler });
  const post = get;

  const setLeverage = (request: RestRequest): RestReply => {
    const json = body(request);
    if (str(json.instId) === '') return okxError(OKX.paramEmpty('instId'));
    const inst = engine.instrument(str(json.instId));
    if (inst === undefined) return okxError(OKX.instrumentMissing);
    const lever = parseDecimal(json.lever);
    if (lever === undefined) return okxError(OKX.paramEmpty('lever'));
    if (Number.isNaN(lever) || lever < 0.01) return okxError(OKX.param('lever'));
    if (lever > inst.maxLever) return okxError(OKX.leverageTooHigh);
    const mgnMode = str(json.mgnMode);
    if (mgnMode !== 'cross' && mgnMode !== 'isolated') return okxError(OKX.param('mgnMode'));
    const posSideText = str(json.posSide);
    let posSide: PosSide | undefined;
    if (mgnMode === 'isolated' && account.posMode === 'long_short_mode') {
      if (posSideText !== 'long' && posSideText !== 'short') return okxError(OKX.param('posSide'));
      posSide = posSideText;
    }
    account.setLeverage(inst, mgnMode, posSide, lever);
    engine.emit({ type: 'balance', reason: 'leverage' });
    return ok([{ lever: String(lever), mgnMode, instId: inst.instId, posSide: posSide ?? posSideText }]);
  };

  const setPositionMode = (request: RestRequest): RestReply => {
    const posMode = str(body(request).posMode);
    if (posMode !== 'net_mode' && posMode !== 'long_short_mode') return okxError(OKX.param('posMode'));
    const busy = account.positions().length > 0 || engine.store.liveOrders().length > 0;
    if (busy && posMode !== account.posMode) return okxError(OKX.positionModeBusy);
    account.posMode = posMode;
    return ok([{ posMode }]);
  };

  const routes: Array<[string, Route]> = [
    [
      'GET /api/v5/account/balance',
      get((request) => {
        const asked = request.query.get('ccy');
        return ok([feeds.balanceRow(asked ? asked.split(',') : undefined)]);
      }),
    ],
    [
      'GET /api/v5/account/positions',
      get((request) => {
        const q = request.query;
        const instIds = q.get('instId')?.split(',');
        const rows = account
          .positions()
          .filter(
            (p) =>
              (!q.get('instType') || p.inst.instType === q.get('instType')) &&
              (instIds === undefined || instIds.includes(p.inst.instId)) &&
              (!q.get('posId') || p.posId === q.get('posId')),
          )
          .map((p) => feeds.positionRow(p));
        return ok(rows);
      }),
    ],
    [
      'GET /api/v5/account/config',
      get(() =>
        ok([
          {
            uid,
            mainUid: uid,
            acctLv: '2',
            acctStpMode: 'cancel_maker',
            posMode: account.posMode,
            autoLoan: false,
            greeksType: 'PA',
            level: 'Lv1',
            levelTmp: '',
            ctIsoMode: 'automatic',
            mgnIsoMode: 'automatic',
            spotOffsetType: '',
            roleType: '0',
            traderInsts: [],
            spotRoleType: '0',
            spotTraderInsts: [],
            opAuth: '0',
            kycLv: '2',
            label: 'quantlab-sim',
            ip: '',
            perm: 'read_only,trade',
            liquidationGear: '-1',
            enableSpotBorrow: false,
            spotBorrowAutoRepay: false,
            type: '0',
            settleCcy: 'USDT',
            settleCcyList: ['USDT'],
          },
        ]),
      ),
    ],
    ['POST /api/v5/account/set-leverage', post(setLeverage)],
    [
      'GET /api/v5/account/leverage-info',
      get((request) => {
        const instId = request.query.get('instId') ?? '';
        const mgnMode = request.query.get('mgnMode') ?? '';
        if (instId === '') return okxError(OKX.paramEmpty('instId'));
        if (mgnMode !== 'cross' && mgnMode !== 'isolated') return okxError(OKX.param('mgnMode'));
        const rows = [];
        for (const id of instId.split(',')) {
          const inst = engine.instrument(id);
          if (inst === undefined) return okxError(OKX.instrumentMissing);
          const sides: PosSide[] =
            account.posMode === 'long_short_mode' && mgnMode === 'isolated' ? ['long', 'short'] : ['net'];
          for (const posSide of sides)
            rows.push({
              instId: id,
              mgnMode,
              posSide,
              lever: String(account.leverage(inst, mgnMode, posSide)),
              ccy: '',
            });
        }
        return ok(rows);
      }),
    ],
    ['POST /api/v5/account/set-position-mode', post(setPositionMode)],
    [
      'GET /api/v5/account/trade-fee',
      get((request) => {
        const instType = request.query.get('instType') ?? '';
        if (instType === '') return okxError(OKX.paramEmpty('instType'));
        const { makerFee, takerFee } = engine.options;
        const maker = String(-makerFee);
        const taker = String(-takerFee);
        return ok([
          {
            category: '1',
            delivery: '',
            exercise: '',
            instType,
            level: 'Lv1',
            maker,
            makerU: maker,
            makerUSDC: maker,
            taker,
            takerU: taker,
            takerUSDC: taker,
            ruleType: 'normal',
            ts: String(engine.now()),
            fiat: [],
          },
        ]);
      }),
    ],
    // The funding account: empty, everything is in the trading account (ccxt fetchBalance type funding).
    ['GET /api/v5/asset/balances', get(() => ok([]))],
    [
      'GET /api/v5/asset/currencies',
      get(() => {
        const codes = new Set(['USDT', 'USDC', ...engine.instruments().map((i) => i.base)]);
        const rows = [...codes].map((ccy) => ({
          ccy,
          chain: `${ccy}-ERC20`,
          name: ccy,
          canDep: true,
          canWd: true,
          canInternal: true,
          minDep: '0.00000001',
          minWd: '0.001',
          maxWd: '1000000',
          wdTickSz: '8',
          wdQuota: '1000000',
          usedWdQuota: '0',
          fee: '0.0001',
          minFee: '0.0001',
          maxFee: '0.001',
          mainNet: true,
          needTag: false,
          logoLink: '',
          depQuotaFixed: '',
          usedDepQuotaFixed: '',
          burningFeeRate: '',
          ctAddr: '',
          depEstOpenTime: '',
          wdEstOpenTime: '',
          minDepArrivalConfirm: '12',
          minWdUnlockConfirm: '12',
        }));
        return ok(rows);
      }),
    ],
  ];
  return routes;
}
