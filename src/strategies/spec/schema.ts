/**
 * The JSON strategy spec, as zod schemas: the single source of the parser's shape checks, of the
 * TypeScript types and of the published JSON Schema (`docs/strategy-spec.schema.json`).
 *
 * Every object is strict (unknown keys are rejected), because a misspelt key that is silently ignored is
 * how a stop-loss goes missing. Semantic checks that a shape cannot express (references resolve, indicator
 * parameters are accepted by the indicator itself, no look-ahead) live in `validate.ts`.
 */

import { z } from 'zod';
import { TIMEFRAMES } from '../../core/timeframe.js';
import { STRATEGY_NAME_PATTERN, STRATEGY_VERSION_PATTERN } from '../definition-check.js';

/** The prices a bar offers: the five fields and the three composite prices of `PriceSource`. */
export const PRICE_FIELDS = ['open', 'high', 'low', 'close', 'volume', 'hl2', 'hlc3', 'ohlc4'] as const;
export type PriceField = (typeof PRICE_FIELDS)[number];

export const COMPARISON_OPS = ['>', '>=', '<', '<=', '=='] as const;
export const CROSS_OPS = ['crossesAbove', 'crossesBelow'] as const;
export const CONDITION_OPS = [...COMPARISON_OPS, ...CROSS_OPS] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** `$name`: a reference to one of the spec's tunable `params`. */
export const PARAM_REF = /^\$[A-Za-z_][A-Za-z0-9_]*$/;
/** Indicator ids and parameter names: identifiers, so that `id.output[1]` stays unambiguous. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

const timeframe = z.enum(TIMEFRAMES).describe('A candle timeframe: 1m, 5m, 1h, 4h, 1d …');
const priceField = z.enum(PRICE_FIELDS);
const paramRef = z
  .string()
  .regex(PARAM_REF, 'expected a parameter reference like "$fast"')
  .describe('A reference to a tunable parameter of the spec: "$fast".');

/** A literal number or a `$param` reference: anything the optimizer may sweep. */
export const numberOrParam = z.union([z.number(), paramRef]);
export type NumberOrParam = z.infer<typeof numberOrParam>;

const barsBack = z
  .int()
  .min(0)
  .describe('Bars back from the current one (0 = current, 1 = previous). Never negative: no look-ahead.');

// ---------------------------------------------------------------------------------------------------------
// Operands

export const indicatorOperandSchema = z
  .strictObject({
    ind: z.string().describe('Id of an indicator declared in `indicators`.'),
    output: z
      .string()
      .optional()
      .describe('Output name (macd: macd, signal, hist); the primary one if absent.'),
    offset: barsBack.optional(),
  })
  .describe('An indicator output, optionally some bars back.');

export const priceOperandSchema = z
  .strictObject({
    price: priceField,
    offset: barsBack.optional(),
    timeframe: timeframe.optional().describe('Read the latest closed candle of this timeframe instead.'),
  })
  .describe('A price of the current (or an earlier) closed bar.');

export type IndicatorOperand = z.infer<typeof indicatorOperandSchema>;
export type PriceOperand = z.infer<typeof priceOperandSchema>;

export type Operand =
  | number
  | string
  | IndicatorOperand
  | PriceOperand
  | { add: Operand[] }
  | { sub: [Operand, Operand] }
  | { mul: Operand[] }
  | { div: [Operand, Operand] };

export const operandSchema: z.ZodType<Operand> = z
  .union([
    z.number(),
    z
      .string()
      .describe(
        'Compact form: "close", "close[1]" (one bar back), "fast" (an indicator), "macd.signal", ' +
          '"macd.signal[1]" or "$param".',
      ),
    indicatorOperandSchema,
    priceOperandSchema,
    z.strictObject({
      get add() {
        return z.array(operandSchema).min(2);
      },
    }),
    z.strictObject({
      get sub() {
        return z.tuple([operandSchema, operandSchema]);
      },
    }),
    z.strictObject({
      get mul() {
        return z.array(operandSchema).min(2);
      },
    }),
    z.strictObject({
      get div() {
        return z.tuple([operandSchema, operandSchema]);
      },
    }),
  ])
  .meta({ id: 'Operand', description: 'A number, a $param, a price, an indicator output or arithmetic.' });

// ---------------------------------------------------------------------------------------------------------
// Conditions

export interface Comparison {
  left: Operand;
  op: ConditionOp;
  right: Operand;
  tolerance?: NumberOrParam | undefined;
}
export type Condition = Comparison | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export const conditionSchema: z.ZodType<Condition> = z
  .union([
    z
      .strictObject({
        left: operandSchema,
        op: z.enum(CONDITION_OPS),
        right: operandSchema,
        tolerance: numberOrParam
          .optional()
          .describe('For ==: |left − right| ≤ tolerance counts as equal (default 0).'),
      })
      .describe('Compares two operands; crossesAbove/crossesBelow compare the current and the previous bar.'),
    z.strictObject({
      get all() {
        return z.array(conditionSchema).min(1);
      },
    }),
    z.strictObject({
      get any() {
        return z.array(conditionSchema).min(1);
      },
    }),
    z.strictObject({
      get not() {
        return conditionSchema;
      },
    }),
  ])
  .meta({ id: 'Condition', description: 'A comparison or a cross, or all/any/not of conditions.' });

const sideRules = z
  .strictObject({
    long: conditionSchema.optional(),
    short: conditionSchema.optional(),
  })
  .describe('One condition per side; a side without an entry rule is never traded.');

// ---------------------------------------------------------------------------------------------------------
// Indicators, parameters, sizing and protective orders

/** A number, a `$param`, or a name the indicator accepts itself (an MA type such as "EMA"). */
const indicatorArgument = z.union([z.number(), z.string()]);

export const indicatorSpecSchema = z
  .strictObject({
    type: z.string().describe('Indicator name as in src/indicators: sma, ema, rsi, macd, bbands, atr …'),
    params: z
      .union([z.record(z.string(), indicatorArgument), z.array(indicatorArgument)])
      .optional()
      .describe('By name ({"period": 14}) or in TA-Lib order ([12, 26, 9]); omitted ones take defaults.'),
    source: priceField.optional().describe('The price a single-input indicator reads (default close).'),
    timeframe: timeframe.optional().describe('Compute on this timeframe (default the strategy timeframe).'),
    description: z.string().optional(),
  })
  .meta({ id: 'Indicator' });
export type IndicatorSpec = z.infer<typeof indicatorSpecSchema>;

const paramBase = { description: z.string(), min: z.number().optional(), max: z.number().optional() };
export const paramSpecSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('int'), default: z.int(), ...paramBase }),
    z.strictObject({ type: z.literal('float'), default: z.number(), ...paramBase }),
  ])
  .meta({
    id: 'Param',
    description: 'A tunable number, referenced as "$name"; the optimizer sweeps min…max.',
  });
export type SpecParam = z.infer<typeof paramSpecSchema>;

export const VOLATILITY_METHODS = ['atr', 'realised'] as const;

const kellySizingSchema = z
  .strictObject({
    cap: numberOrParam.describe('Largest fraction of equity per entry, 0 < cap ≤ 1 (half-Kelly or less).'),
    minTrades: numberOrParam
      .optional()
      .describe('Closed trades of this strategy before Kelly applies, an integer ≥ 1 (default 20).'),
    fallbackFraction: numberOrParam
      .optional()
      .describe('Fraction of equity per entry until then, 0 < f ≤ 1 (default the cap).'),
  })
  .describe("Kelly fraction of the strategy's own closed trades (return on cost), at most the cap.");

const volatilityTargetSizingSchema = z
  .strictObject({
    annualVol: numberOrParam.describe(
      'Annualised volatility of the position relative to equity (0.2 = 20 %).',
    ),
    method: z
      .enum(VOLATILITY_METHODS)
      .describe('atr: mean true range / price; realised: stdev of log returns (both annualised).'),
    period: numberOrParam.optional().describe('Bars measured, an integer ≥ 2 (default 20).'),
    maxLeverage: numberOrParam.optional().describe('Largest notional as a multiple of equity (default 1).'),
  })
  .describe("Notional = equity × annualVol / the asset's annualised volatility on the base timeframe.");

export const sizingSchema = z
  .union([
    z.strictObject({ fixed: numberOrParam.describe('Contracts per entry.') }),
    z.strictObject({ fraction: numberOrParam.describe('Fraction of equity per entry, 0 < f ≤ 1.') }),
    z.strictObject({
      riskPerTrade: numberOrParam.describe('Fraction of equity lost if the stop is hit, 0 < r < 1.'),
      stopAtr: numberOrParam.optional().describe('Stop distance in ATRs (else the stopLoss distance).'),
      atrPeriod: numberOrParam.optional().describe('ATR period for stopAtr (default 14).'),
    }),
    z.strictObject({ kelly: kellySizingSchema }),
    z.strictObject({ volatilityTarget: volatilityTargetSizingSchema }),
  ])
  .meta({ id: 'Sizing', description: 'How many contracts an entry buys or sells.' });
export type Sizing = z.infer<typeof sizingSchema>;
export type KellySizing = z.infer<typeof kellySizingSchema>;
export type VolatilityTargetSizing = z.infer<typeof volatilityTargetSizingSchema>;

export const distanceSchema = z
  .union([
    z.strictObject({ percent: numberOrParam.describe('Percent of the entry decision price (2 = 2 %).') }),
    z.strictObject({
      atr: numberOrParam.describe('Multiple of the ATR at the entry decision.'),
      atrPeriod: numberOrParam.optional().describe('ATR period (default 14).'),
    }),
  ])
  .meta({ id: 'Distance', description: 'A price distance from the entry decision price.' });
export type Distance = z.infer<typeof distanceSchema>;

// ---------------------------------------------------------------------------------------------------------
// The spec

export const strategySpecSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of docs/strategy-spec.schema.json, for editors.'),
    apiVersion: z.literal(1).describe('Strategy API version.'),
    name: z.string().regex(STRATEGY_NAME_PATTERN, 'expected lower-case words joined by dashes: "rsi-revert"'),
    version: z.string().regex(STRATEGY_VERSION_PATTERN, 'expected a semantic version: "1.0.0"'),
    description: z.string().regex(/\S/, 'must not be empty'),
    timeframe: timeframe.optional().describe("Base timeframe; the run's timeframe when absent."),
    symbols: z.array(z.string()).min(1).optional().describe("Symbols to trade; the run's when absent."),
    params: z.record(z.string(), paramSpecSchema).optional(),
    indicators: z.record(z.string(), indicatorSpecSchema).optional(),
    entry: sideRules,
    exit: sideRules.optional(),
    sizing: sizingSchema.optional().describe('Default {"fraction": 1}.'),
    stopLoss: distanceSchema.optional(),
    takeProfit: distanceSchema.optional(),
    trailingStop: distanceSchema.optional(),
  })
  .meta({
    id: 'StrategySpec',
    title: 'Quant Lab strategy spec',
    description: 'A declarative trading strategy: indicators, entry and exit rules, sizing and stops.',
  });

export type StrategySpec = z.infer<typeof strategySpecSchema>;
