import { sendJson } from '../respond.ts';
import type { Handler } from '../request-context.ts';

/** One dependency the gateway cannot serve without: resolves when it answers, throws when not. */
export type ReadinessCheck = { name: string; check(): Promise<void> };

/** One check's outcome in the `/readyz` body. */
export type CheckResult = { status: 'ok'; ms: number } | { status: 'fail'; ms: number; error: string };

export type ReadinessDeps = {
  checks: readonly ReadinessCheck[];
  /** True from the moment a shutdown begins: the load balancer must stop sending work here. */
  draining(): boolean;
  /** A check slower than this fails (a hung database must not hang the probe). Default 2 s. */
  timeoutMs?: number;
  log?: (line: string) => void;
  now?: () => number;
};

/**
 * `GET /healthz`, liveness: the process answers. Depends on nothing else on purpose: a database
 * outage must not make an orchestrator restart every gateway at once.
 */
export function livenessHandler(): Handler {
  return async (ctx) => sendJson(ctx.res, 200, { status: 'ok' }, { 'cache-control': 'no-store' });
}

/**
 * `GET /readyz`, readiness: 200 `{status:'ready', checks}` when every dependency answers and no
 * shutdown has begun; 503 `{status:'not_ready', checks}` naming what failed otherwise. Checks
 * run in parallel, each bounded by `timeoutMs`. Failure details go to the log, not the public
 * body (a driver's message can name internal hosts).
 */
export function readinessHandler(deps: ReadinessDeps): Handler {
  const timeoutMs = deps.timeoutMs ?? 2_000;
  const now = deps.now ?? performance.now.bind(performance);
  return async (ctx) => {
    const checked = await Promise.all(
      deps.checks.map(async ({ name, check }): Promise<[string, CheckResult]> => {
        const started = now();
        try {
          await withTimeout(check(), timeoutMs);
          return [name, { status: 'ok', ms: Math.round(now() - started) }];
        } catch (error) {
          const timedOut = error === TIMED_OUT;
          deps.log?.(`readiness check '${name}' failed: ${timedOut ? `no answer within ${timeoutMs} ms` : (error as Error)?.message}`);
          return [name, { status: 'fail', ms: Math.round(now() - started), error: timedOut ? 'timeout' : 'unreachable' }];
        }
      }),
    );
    // Read after the checks: a shutdown that began while they ran still wins.
    const results: Record<string, CheckResult | { status: 'ok' | 'draining' }> = { ...Object.fromEntries(checked), shutdown: { status: deps.draining() ? 'draining' : 'ok' } };
    const ready = Object.values(results).every((result) => result.status === 'ok');
    sendJson(ctx.res, ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', checks: results }, { 'cache-control': 'no-store' });
  };
}

const TIMED_OUT = Symbol('timed out');

async function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(TIMED_OUT), ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
