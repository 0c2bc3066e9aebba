import type { AddressInfo } from 'node:net';
import type { GatewayConfig } from './config/load-config.ts';
import { openAiChatFormat } from './api/openai-chat/index.ts';
import { anthropicMessagesFormat } from './api/anthropic-messages/index.ts';
import { openAiResponsesFormat } from './api/openai-responses/index.ts';
import { loadCatalog } from './routing/catalog/load-catalog.ts';
import { UpstreamClient } from './routing/upstream-client.ts';
import { openStores } from './stores/open-stores.ts';
import { createGatewayServer, type RouteSpec } from './server/create-server.ts';
import { inferenceHandler } from './server/handlers/inference.ts';
import { embeddingsHandler } from './server/handlers/embeddings.ts';
import { getModelHandler, listModelsHandler } from './server/handlers/models.ts';
import { adminAccountHandlers } from './server/handlers/admin-accounts.ts';
import { billingApi } from './server/handlers/billing.ts';
import { requestControls } from './server/handlers/request-controls.ts';
import { keyLimitsHandlers } from './server/handlers/key-limits.ts';
import { providerKeyHandlers } from './server/handlers/provider-keys.ts';
import { sendJson } from './server/respond.ts';
import { adminHealthHandler } from './server/handlers/admin-health.ts';
import { resolveReliabilityConfig, type ReliabilityConfigInput } from './routing/reliability-config.ts';
import { streamReplayHandler } from './server/handlers/streams.ts';
import { ResumableStreams } from './streams/resumable-streams.ts';
import { openLiveState } from './stores/open-live-state.ts';
import { openObservability } from './observability/open-observability.ts';
import { getRequestHandler, listRequestsHandler } from './server/handlers/requests.ts';
import { dashboardHandlers } from './server/handlers/dashboard.ts';
import { usageHandler } from './server/handlers/usage.ts';
import { metricsHandler } from './server/handlers/metrics.ts';

export type RunningGateway = {
  url: string;
  port: number;
  close(): Promise<void>;
};

/**
 * Wires the gateway from its configuration: stores, catalog, upstream client, routes.
 * This is the composition root; everything inward receives its dependencies from here.
 */
export async function startGateway(
  config: GatewayConfig,
  options: { log?: (line: string) => void; reliability?: ReliabilityConfigInput } = {},
): Promise<RunningGateway> {
  const stores = await openStores({ databaseUrl: config.databaseUrl });
  const catalog = loadCatalog(config.catalogDir);
  const reliability = resolveReliabilityConfig({ ...config.reliability, ...options.reliability });
  const upstream = new UpstreamClient({ connectTimeoutMs: reliability.connectTimeoutMs });
  const retentionMs = config.streamRetentionMs;
  // Live state (stream buffers, idempotency, breakers, rate limits) in Redis when REDIS_URL is
  // set, so several instances share it; in this process otherwise.
  const live = await openLiveState({
    redisUrl: config.redisUrl,
    breaker: reliability.breaker,
    streamRetentionMs: retentionMs,
    streamBufferMaxBytes: config.streamBufferMaxBytes,
    idempotencyRetentionMs: retentionMs,
    idempotencyStore: stores.idempotency,
    log: options.log,
  });
  const { buffers, health, idempotency } = live;
  const streams = new ResumableStreams({ buffers, store: stores.streams, retentionMs, log: options.log });
  const observability = openObservability({ store: stores.requestLogs, env: process.env, log: options.log });
  const billingApiHandlers = billingApi(stores, config, options.log);
  const { billing } = billingApiHandlers;
  const stopBillingSweep = billing.startSweeper(billingApiHandlers.settings.sweepIntervalMs);
  // Response cache, key limits and BYOK (SWITCHYARD_SECRET seals accounts' provider keys);
  // the cache and rate counters are shared through Redis when it is configured.
  const controls = requestControls(
    { ...stores, responseCache: live.responseCache ?? stores.responseCache },
    { secret: config.secret, customProviders: config.customProviders, rates: live.rateLimits, log: options.log },
  );
  const inferenceDeps = {
    controls,
    catalog,
    providers: config.providers,
    customProviders: config.customProviders,
    upstream,
    bodyLimitBytes: config.bodyLimitBytes,
    streams,
    idempotency,
    reliability,
    health,
    billing,
    observability,
    log: options.log,
    settlements: new Set<Promise<void>>(),
  };
  const startedAt = Math.floor(Date.now() / 1000);
  const admin = adminAccountHandlers(stores.accounts, config.bodyLimitBytes);
  const keyLimits = keyLimitsHandlers({ accounts: stores.accounts, limits: controls.limits, bodyLimitBytes: config.bodyLimitBytes });
  const providerKeys = providerKeyHandlers({ accounts: stores.accounts, byok: controls.byok, gatewayProviders: config.providers, bodyLimitBytes: config.bodyLimitBytes });
  const openai = openAiChatFormat;

  const routes: RouteSpec[] = [
    { method: 'GET', path: '/healthz', access: 'public', errorFormat: openai, handler: async (ctx) => sendJson(ctx.res, 200, { status: 'ok' }) },
    { method: 'POST', path: '/v1/chat/completions', access: 'caller', errorFormat: openai, handler: inferenceHandler(openai, inferenceDeps) },
    { method: 'POST', path: '/v1/messages', access: 'caller', errorFormat: anthropicMessagesFormat, handler: inferenceHandler(anthropicMessagesFormat, inferenceDeps) },
    { method: 'POST', path: '/v1/responses', access: 'caller', errorFormat: openAiResponsesFormat, handler: inferenceHandler(openAiResponsesFormat, inferenceDeps) },
    { method: 'POST', path: '/v1/embeddings', access: 'caller', errorFormat: openai, handler: embeddingsHandler(inferenceDeps) },
    { method: 'GET', path: '/v1/streams/:id', access: 'caller', errorFormat: openai, handler: streamReplayHandler(streams) },
    { method: 'GET', path: '/v1/models', access: 'caller', errorFormat: openai, handler: listModelsHandler(catalog, config.providers, startedAt) },
    { method: 'GET', path: '/v1/models/:author', access: 'caller', errorFormat: openai, handler: getModelHandler(catalog, config.providers, startedAt) },
    { method: 'GET', path: '/v1/models/:author/:name', access: 'caller', errorFormat: openai, handler: getModelHandler(catalog, config.providers, startedAt) },
    { method: 'GET', path: '/v1/requests', access: 'caller', errorFormat: openai, handler: listRequestsHandler(observability.requestLogs, 'caller') },
    { method: 'GET', path: '/v1/requests/:id', access: 'caller', errorFormat: openai, handler: getRequestHandler(observability.requestLogs, 'caller') },
    { method: 'GET', path: '/v1/usage', access: 'caller', errorFormat: openai, handler: usageHandler(observability.requestLogs, 'caller') },
    { method: 'GET', path: '/metrics', access: 'public', errorFormat: openai, handler: metricsHandler(observability.metrics) },
    { method: 'GET', path: '/admin/requests', access: 'admin', errorFormat: openai, handler: listRequestsHandler(observability.requestLogs, 'admin') },
    { method: 'GET', path: '/admin/requests/:id', access: 'admin', errorFormat: openai, handler: getRequestHandler(observability.requestLogs, 'admin') },
    { method: 'GET', path: '/dashboard', access: 'public', errorFormat: openai, handler: dashboardHandlers().page },
    { method: 'GET', path: '/dashboard/:file', access: 'public', errorFormat: openai, handler: dashboardHandlers().asset },
    { method: 'GET', path: '/admin/usage', access: 'admin', errorFormat: openai, handler: usageHandler(observability.requestLogs, 'admin') },
    { method: 'GET', path: '/admin/health', access: 'public', errorFormat: openai, handler: adminHealthHandler(health, config.adminKey) },
    { method: 'POST', path: '/admin/accounts', access: 'admin', errorFormat: openai, handler: admin.createAccount },
    { method: 'GET', path: '/admin/accounts', access: 'admin', errorFormat: openai, handler: admin.listAccounts },
    { method: 'GET', path: '/admin/accounts/:id', access: 'admin', errorFormat: openai, handler: admin.getAccount },
    { method: 'POST', path: '/admin/accounts/:id/keys', access: 'admin', errorFormat: openai, handler: admin.createKey },
    { method: 'GET', path: '/admin/accounts/:id/keys', access: 'admin', errorFormat: openai, handler: admin.listKeys },
    { method: 'DELETE', path: '/admin/accounts/:id/keys/:keyId', access: 'admin', errorFormat: openai, handler: admin.revokeKey },
    { method: 'GET', path: '/admin/accounts/:id/keys/:keyId/limits', access: 'admin', errorFormat: openai, handler: keyLimits.getLimits },
    { method: 'PUT', path: '/admin/accounts/:id/keys/:keyId/limits', access: 'admin', errorFormat: openai, handler: keyLimits.putLimits },
    { method: 'GET', path: '/admin/accounts/:id/provider-keys', access: 'admin', errorFormat: openai, handler: providerKeys.listKeys },
    { method: 'GET', path: '/admin/accounts/:id/provider-keys/:provider', access: 'admin', errorFormat: openai, handler: providerKeys.getKey },
    { method: 'PUT', path: '/admin/accounts/:id/provider-keys/:provider', access: 'admin', errorFormat: openai, handler: providerKeys.putKey },
    { method: 'DELETE', path: '/admin/accounts/:id/provider-keys/:provider', access: 'admin', errorFormat: openai, handler: providerKeys.deleteKey },
    { method: 'PUT', path: '/admin/accounts/:id/byok', access: 'admin', errorFormat: openai, handler: providerKeys.putPreference },
    { method: 'GET', path: '/v1/wallet', access: 'caller', errorFormat: openai, handler: billingApiHandlers.handlers.wallet },
    { method: 'POST', path: '/admin/accounts/:id/credits', access: 'admin', errorFormat: openai, handler: billingApiHandlers.handlers.addCredits },
    { method: 'GET', path: '/admin/accounts/:id/ledger', access: 'admin', errorFormat: openai, handler: billingApiHandlers.handlers.ledger },
    { method: 'GET', path: '/admin/accounts/:id/statement', access: 'admin', errorFormat: openai, handler: billingApiHandlers.handlers.statement },
    { method: 'PUT', path: '/admin/accounts/:id/alerts', access: 'admin', errorFormat: openai, handler: billingApiHandlers.handlers.setAlerts },
  ];

  const secrets = [config.adminKey, ...[...config.providers.values()].map((settings) => settings.apiKey)].filter((secret): secret is string => !!secret);
  const server = createGatewayServer({ routes, accounts: stores.accounts, adminKey: config.adminKey, defaultErrorFormat: openai, secrets, log: options.log });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;

  return {
    url: `http://${host}:${port}`,
    port,
    async close() {
      // Live streams end first (as failed), so their readers' connections close too.
      await streams.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await Promise.all(inferenceDeps.settlements);
      await upstream.close();
      stopBillingSweep();
      controls.stop();
      // After the server drained, so every finished request's log entry is written.
      await observability.close();
      await live.close();
      await stores.close();
    },
  };
}
