/**
 * The published JSON Schema of the spec format, generated from the zod schema (one source of truth) and
 * committed as `docs/strategy-spec.schema.json` for editors and other tools; a test keeps the two equal.
 * It checks shape only: references, indicator parameters and look-ahead need `parseStrategySpec`.
 */

import { z } from 'zod';
import { strategySpecSchema } from './schema.js';

export const STRATEGY_SPEC_SCHEMA_ID = 'https://quantlab.local/schemas/strategy-spec.schema.json';

export function strategySpecJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(strategySpecSchema, { target: 'draft-2020-12', io: 'input' });
  return { ...generated, $id: STRATEGY_SPEC_SCHEMA_ID };
}
