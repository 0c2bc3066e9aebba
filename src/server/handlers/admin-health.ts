import type { HealthStore } from '../../routing/health-store.ts';
import { requireAdmin } from '../auth.ts';
import { sendJson } from '../respond.ts';
import type { Handler } from '../request-context.ts';

/**
 * `GET /admin/health`: each provider+model's circuit breaker (state, recent error rate, p50
 * latency, last error, when it opened). Needs the admin key when one is configured; a gateway
 * without one serves a single local user, who may look.
 */
export function adminHealthHandler(health: HealthStore, adminKey: string | undefined, now: () => number = Date.now): Handler {
  return async (ctx) => {
    if (adminKey) requireAdmin(ctx.req, adminKey);
    sendJson(ctx.res, 200, { object: 'list', data: await health.list(now()) });
  };
}
