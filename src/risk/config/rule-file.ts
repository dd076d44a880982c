/**
 * Risk rules for a backtest, from a JSON file: `[{ "rule": "max-drawdown", "params": {…} }, …]` (or
 * `{ "rules": [...] }`), each optionally for one `strategy`. The same catalogue and validation as the
 * stored rules, so a limit tried in a backtest is the limit that later runs live.
 */

import { readFile } from 'node:fs/promises';
import { QuantLabError } from '../../core/errors.js';
import type { RiskRuleRecord } from '../../storage/index.js';
import { parseRiskRecord } from './parse.js';

export async function readRiskRuleFile(path: string): Promise<RiskRuleRecord[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new QuantLabError(
      'QL_ERR_NOT_FOUND',
      `Cannot read the risk rules file ${path}: ${(error as Error).message}`,
      {
        details: { path },
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new QuantLabError('QL_ERR_INVALID_INPUT', `${path} is not JSON: ${(error as Error).message}`, {
      details: { path },
    });
  }
  return riskRulesFromJson(json, path);
}

export function riskRulesFromJson(json: unknown, source = 'risk rules'): RiskRuleRecord[] {
  const list = Array.isArray(json) ? json : (json as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(list))
    throw new QuantLabError(
      'QL_ERR_INVALID_INPUT',
      `${source}: expected an array of { rule, params } (or { "rules": [...] }).`,
    );
  return list.map((item, index) => {
    const entry = item as { rule?: unknown; params?: unknown; strategy?: unknown } | null;
    if (entry === null || typeof entry !== 'object' || typeof entry.rule !== 'string')
      throw new QuantLabError('QL_ERR_INVALID_INPUT', `${source}[${index}]: needs a "rule" name.`, {
        details: { index },
      });
    const record: RiskRuleRecord = {
      scope: typeof entry.strategy === 'string' ? 'strategy' : 'global',
      scopeId: typeof entry.strategy === 'string' ? entry.strategy : '',
      rule: entry.rule,
      params: entry.params ?? {},
      enabled: true,
      updatedAt: 0,
    };
    try {
      parseRiskRecord(record);
    } catch (error) {
      throw new QuantLabError('QL_ERR_INVALID_INPUT', `${source}[${index}]: ${(error as Error).message}`, {
        details: { index, rule: entry.rule },
      });
    }
    return record;
  });
}
