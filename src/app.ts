import type { AddressInfo } from 'node:net';
import type { GatewayConfig } from './config/load-config.ts';
import { openAiChatFormat } from './api/openai-chat/index.ts';
import { anthropicMessagesFormat } from './api/anthropic-messages/index.ts';
import { openAiResponsesFormat } from './api/openai-responses/index.ts';
import { loadCatalog } from './routing/catalog/load-catalog.ts';
import { UpstreamClient } from './routing/upstream-client.ts';
import { openStores } from './stores/open-stores.ts';
import { cacheAuthentication } from './stores/cached-authentication.ts';
import { createGatewayServer, type RouteSpec } from './server/create-server.ts';
import { inferenceHandler } from './server/handlers/inference.ts';
import { embeddingsHandler } from './server/handlers/embeddings.ts';
import { getModelHandler, listModelsHandler } from './server/handlers/models.ts';
import { adminAccountHandlers } from './server/handlers/admin-accounts.ts';
import { billingApi } from './server/handlers/billing.ts';
import { requestControls } from './server/handlers/request-controls.ts';
import { keyLimitsHandlers } from './server/handlers/key-limits.ts';
import { providerKeyHandlers } from './server/handlers/provider-keys.ts';
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
import { openJobs } from './jobs/open-jobs.ts';
import { runHandler } from './api/run/run-handler.ts';
import { filesHandler, jobsHandlers } from './api/run/jobs-handlers.ts';
import { createWebhookSender } from './billing/webhook-sender.ts';
import { livenessHandler, readinessHandler } from './server/handlers/health-checks.ts';
import { GracefulShutdown, type DrainReport } from './server/graceful-shutdown.ts';
import { mediaHandlers } from './server/handlers/media.ts';
import { parameterSchemaSource } from './media/parameter-schema.ts';

export type RunningGateway = {
  url: string;
  port: number;
  /**
   * The first half of a graceful shutdown: `/readyz` answers 503 and the listener closes at once;
   * in-flight requests and stream pumps get up to `timeoutMs` (`shutdownDrainMs`) to finish.
   * With Redis, stream readers are disconnected at once to resume on another instance. Call
   * `close()` after it.
   */
  drain(timeoutMs?: number): Promise<DrainReport>;
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
  // Valid gateway keys are remembered for 5 s: a revocation on another instance takes that long to reach this one.
  stores.accounts = cacheAuthentication(stores.accounts);
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
    streamLiveTtlMs: config.streamLiveTtlMs,
    keyPrefix: config.redisKeyPrefix,
    streamBufferMaxBytes: config.streamBufferMaxBytes,
    idempotencyRetentionMs: retentionMs,
    idempotencyStore: stores.idempotency,
    log: options.log,
  });
  const { buffers, health, idempotency } = live;
  const streams = new ResumableStreams({ buffers, store: stores.streams, retentionMs, log: options.log });
  const secrets = [config.adminKey, ...[...config.providers.values()].map((settings) => settings.apiKey)].filter((secret): secret is string => !!secret);
  const observability = openObservability({ store: stores.requestLogs, env: process.env, log: options.log, secrets });
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
    resumableStreams: config.resumableStreams,
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
  let shutdown: GracefulShutdown | undefined;
  const readiness = readinessHandler({
    // A primary-key lookup: a round trip to the database that touches no real row.
    checks: [
      { name: 'database', check: async () => void (await stores.accounts.getAccount('acct_readiness_probe')) },
      ...(live.kind === 'redis' ? [{ name: 'redis', check: () => live.ping() }] : []),
    ],
    draining: () => shutdown?.draining ?? false,
    log: options.log,
  });

  // Media jobs (`/v1/run`, `/v1/jobs`, `/v1/files`): the runner polls providers in the background.
  let gatewayUrl = '';
  const jobs = openJobs({
    store: stores.jobs,
    files: config.files,
    jobs: config.jobs,
    databaseUrl: config.databaseUrl,
    secret: config.secret ?? config.adminKey,
    ledger: stores.ledger,
    billingEnabled: billing.enabled,
    webhookSecret: config.webhookSecret,
    webhooks: createWebhookSender({ log: options.log }),
    upstream,
    providers: config.providers,
    catalog,
    observability,
    baseUrl: () => gatewayUrl,
    log: options.log,
  });
  const jobRoutes = jobsHandlers(jobs);
  // Synchronous media through OpenAI's endpoints (`/v1/images/*`, `/v1/audio/*`); `url` images go to the jobs' file store.
  // `/v1/run` serves synchronous models on this same path (`media/run-media.ts`).
  const mediaDeps = { ...inferenceDeps, parameterSchemas: parameterSchemaSource(config.catalogDir) };
  const media = mediaHandlers({ ...mediaDeps, files: { put: (id, data, type) => jobs.files.put(id, data, type), link: (id) => jobs.link(id) } });

  const routes: RouteSpec[] = [
    { method: 'GET', path: '/healthz', access: 'public', errorFormat: openai, handler: livenessHandler() },
    { method: 'GET', path: '/readyz', access: 'public', errorFormat: openai, handler: readiness },
    { method: 'POST', path: '/v1/chat/completions', access: 'caller', errorFormat: openai, handler: inferenceHandler(openai, inferenceDeps) },
    { method: 'POST', path: '/v1/messages', access: 'caller', errorFormat: anthropicMessagesFormat, handler: inferenceHandler(anthropicMessagesFormat, inferenceDeps) },
    { method: 'POST', path: '/v1/responses', access: 'caller', errorFormat: openAiResponsesFormat, handler: inferenceHandler(openAiResponsesFormat, inferenceDeps) },
    { method: 'POST', path: '/v1/embeddings', access: 'caller', errorFormat: openai, handler: embeddingsHandler(inferenceDeps) },
    { method: 'POST', path: '/v1/images/generations', access: 'caller', errorFormat: openai, handler: media.imageGenerations },
    { method: 'POST', path: '/v1/images/edits', access: 'caller', errorFormat: openai, handler: media.imageEdits },
    { method: 'POST', path: '/v1/audio/speech', access: 'caller', errorFormat: openai, handler: media.speech },
    { method: 'POST', path: '/v1/audio/transcriptions', access: 'caller', errorFormat: openai, handler: media.transcriptions },
    { method: 'POST', path: '/v1/run/:author/:model', access: 'caller', errorFormat: openai, handler: runHandler({ ...mediaDeps, jobs }) },
    { method: 'GET', path: '/v1/jobs/:id', access: 'caller', errorFormat: openai, handler: jobRoutes.get },
    { method: 'POST', path: '/v1/jobs/:id/cancel', access: 'caller', errorFormat: openai, handler: jobRoutes.cancel },
    { method: 'GET', path: '/v1/files/:id', access: 'public', errorFormat: openai, handler: filesHandler(jobs) },
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
    { method: 'PATCH', path: '/admin/accounts/:id/keys/:keyId', access: 'admin', errorFormat: openai, handler: admin.updateKey },
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

  const server = createGatewayServer({ routes, accounts: stores.accounts, adminKey: config.adminKey, localLogBodies: config.logBodies, defaultErrorFormat: openai, secrets, log: options.log });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  shutdown = new GracefulShutdown(server);
  const gracefulShutdown = shutdown;
  const serverClosed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  const host = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  gatewayUrl = `http://${host}:${port}`;
  // Jobs a previous run of the gateway left unfinished are polled again.
  await jobs.runner.resume();

  return {
    url: `http://${host}:${port}`,
    port,
    drain(timeoutMs = config.shutdownDrainMs) {
      return gracefulShutdown.drain({ timeoutMs, handOverStreams: live.kind === 'redis', pending: () => inferenceDeps.settlements.size });
    },
    async close() {
      // Live streams end first (as failed), so their readers' connections close too.
      await streams.close();
      // The listener may be closed already (drain); 'close' fires once every connection ended.
      if (server.listening) server.close();
      server.closeIdleConnections();
      await serverClosed;
      await Promise.all(inferenceDeps.settlements);
      await jobs.close();
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
