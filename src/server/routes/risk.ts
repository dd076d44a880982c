import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BreakerKind, PauseTarget } from '../../risk/breakers/index.js';
import { BREAKER_RULES, BREAKER_TRIP_PREFIX, isControlRule, RiskRuleStore } from '../../risk/config/index.js';
import { KillSwitch } from '../../risk/kill-switch.js';
import type { Repositories, RiskScope } from '../../storage/index.js';

const idPattern = '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$';

const reasonBody = {
  type: 'object',
  required: ['reason'],
  additionalProperties: false,
  properties: { reason: { type: 'string', minLength: 1, maxLength: 500 }, flatten: { type: 'boolean' } },
} as const;

const ruleBody = {
  type: 'object',
  required: ['scope', 'params'],
  additionalProperties: false,
  properties: {
    scope: { type: 'string', enum: ['global', 'account', 'strategy'] },
    scopeId: { type: 'string', pattern: idPattern },
    params: { type: 'object' },
  },
} as const;

const scopeQuery = {
  type: 'object',
  required: ['scope'],
  additionalProperties: false,
  properties: {
    scope: { type: 'string', enum: ['global', 'account', 'strategy'] },
    scopeId: { type: 'string', pattern: idPattern },
  },
} as const;

const breakerResumeBody = {
  type: 'object',
  required: ['breaker', 'reason', 'account'],
  additionalProperties: false,
  properties: {
    breaker: { type: 'string', enum: [...BREAKER_RULES] },
    account: { type: 'string', pattern: idPattern },
    strategy: { type: 'string', pattern: idPattern },
    reason: { type: 'string', minLength: 1, maxLength: 500 },
  },
} as const;

/** Who acted, for the audit trail (no authentication yet: the caller's address). */
function actor(request: FastifyRequest): string {
  return `api:${request.ip}`;
}

/**
 * Risk controls over HTTP: `GET /api/v1/risk` (kill switch, limits, breaker trips), the kill switch
 * (`POST /api/v1/risk/kill`, `POST /api/v1/risk/resume`), limits (`PUT|DELETE /api/v1/risk/rules/:rule`,
 * validated and audited like the CLI's) and a manual breaker resume. Running sessions obey within a
 * second: they read the same `risk_rules` rows.
 */
export function registerRiskRoutes(
  app: FastifyInstance,
  repositories: Pick<Repositories, 'riskRules' | 'tradeLogs'>,
): void {
  const killSwitch = new KillSwitch(repositories);
  const rules = new RiskRuleStore(repositories);

  app.get('/api/v1/risk', async () => {
    const rows = await repositories.riskRules.list();
    return {
      killSwitch: await killSwitch.state(),
      rules: rows.filter((r) => !isControlRule(r.rule)),
      trips: rows.filter((r) => r.rule.startsWith(BREAKER_TRIP_PREFIX)).map((r) => r.params),
    };
  });

  app.post<{ Body: { reason: string; flatten?: boolean } }>(
    '/api/v1/risk/kill',
    { schema: { body: reasonBody } },
    async (request) =>
      killSwitch.engage(actor(request), request.body.reason, { flatten: request.body.flatten === true }),
  );

  app.post<{ Body: { reason: string } }>(
    '/api/v1/risk/resume',
    { schema: { body: reasonBody } },
    async (request) => killSwitch.lift(actor(request), request.body.reason),
  );

  app.put<{ Params: { rule: string }; Body: { scope: RiskScope; scopeId?: string; params: unknown } }>(
    '/api/v1/risk/rules/:rule',
    { schema: { body: ruleBody } },
    async (request) =>
      rules.set(
        { scope: request.body.scope, scopeId: request.body.scopeId ?? '', rule: request.params.rule },
        request.body.params,
        actor(request),
      ),
  );

  app.delete<{ Params: { rule: string }; Querystring: { scope: RiskScope; scopeId?: string } }>(
    '/api/v1/risk/rules/:rule',
    { schema: { querystring: scopeQuery } },
    async (request, reply) => {
      const address = {
        scope: request.query.scope,
        scopeId: request.query.scopeId ?? '',
        rule: request.params.rule,
      };
      const removed = await rules.remove(address, actor(request));
      return removed ? { removed: address } : reply.code(404).send({ removed: null });
    },
  );

  app.post<{ Body: { breaker: BreakerKind; account: string; strategy?: string; reason: string } }>(
    '/api/v1/risk/breakers/resume',
    { schema: { body: breakerResumeBody } },
    async (request) => {
      const { breaker, account, strategy, reason } = request.body;
      const target: PauseTarget =
        strategy === undefined ? { kind: 'account' } : { kind: 'strategy', strategyId: strategy };
      const resumed = await rules.clearTrip(breaker, target, account, actor(request), reason);
      return { resumed };
    },
  );
}
