import type { Metrics } from '../../observability/metrics.ts';
import { EXPOSITION_CONTENT_TYPE } from '../../observability/prometheus-exposition.ts';
import type { Handler } from '../request-context.ts';

/** `GET /metrics`: Prometheus text exposition. Public, like every scrape target; it holds no per-account data. */
export function metricsHandler(metrics: Metrics): Handler {
  return async (ctx) => {
    const body = metrics.render();
    ctx.res.writeHead(200, { 'content-type': EXPOSITION_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) });
    ctx.res.end(body);
  };
}
