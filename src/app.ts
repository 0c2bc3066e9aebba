import type { AddressInfo } from 'node:net';
import type { GatewayConfig } from './config/load-config.ts';
import { openAiChatFormat } from './api/openai-chat/index.ts';
import { anthropicMessagesFormat } from './api/anthropic-messages/index.ts';
import { loadCatalog } from './routing/catalog/load-catalog.ts';
import { UpstreamClient } from './routing/upstream-client.ts';
import { openStores } from './stores/open-stores.ts';
import { createGatewayServer, type RouteSpec } from './server/create-server.ts';
import { inferenceHandler } from './server/handlers/inference.ts';
import { getModelHandler, listModelsHandler } from './server/handlers/models.ts';
import { adminAccountHandlers } from './server/handlers/admin-accounts.ts';
import { sendJson } from './server/respond.ts';

export type RunningGateway = {
  url: string;
  port: number;
  close(): Promise<void>;
};

/**
 * Wires the gateway from its configuration: stores, catalog, upstream client, routes.
 * This is the composition root; everything inward receives its dependencies from here.
 */
export async function startGateway(config: GatewayConfig, options: { log?: (line: string) => void } = {}): Promise<RunningGateway> {
  const stores = await openStores({ databaseUrl: config.databaseUrl });
  const catalog = loadCatalog(config.catalogDir);
  const upstream = new UpstreamClient();
  const inferenceDeps = { catalog, providers: config.providers, customProviders: config.customProviders, upstream, bodyLimitBytes: config.bodyLimitBytes };
  const startedAt = Math.floor(Date.now() / 1000);
  const admin = adminAccountHandlers(stores.accounts, config.bodyLimitBytes);
  const openai = openAiChatFormat;

  const routes: RouteSpec[] = [
    { method: 'GET', path: '/healthz', access: 'public', errorFormat: openai, handler: async (ctx) => sendJson(ctx.res, 200, { status: 'ok' }) },
    { method: 'POST', path: '/v1/chat/completions', access: 'caller', errorFormat: openai, handler: inferenceHandler(openai, inferenceDeps) },
    { method: 'POST', path: '/v1/messages', access: 'caller', errorFormat: anthropicMessagesFormat, handler: inferenceHandler(anthropicMessagesFormat, inferenceDeps) },
    { method: 'GET', path: '/v1/models', access: 'caller', errorFormat: openai, handler: listModelsHandler(catalog, config.providers, startedAt) },
    { method: 'GET', path: '/v1/models/:author', access: 'caller', errorFormat: openai, handler: getModelHandler(catalog, config.providers, startedAt) },
    { method: 'GET', path: '/v1/models/:author/:name', access: 'caller', errorFormat: openai, handler: getModelHandler(catalog, config.providers, startedAt) },
    { method: 'POST', path: '/admin/accounts', access: 'admin', errorFormat: openai, handler: admin.createAccount },
    { method: 'GET', path: '/admin/accounts', access: 'admin', errorFormat: openai, handler: admin.listAccounts },
    { method: 'GET', path: '/admin/accounts/:id', access: 'admin', errorFormat: openai, handler: admin.getAccount },
    { method: 'POST', path: '/admin/accounts/:id/keys', access: 'admin', errorFormat: openai, handler: admin.createKey },
    { method: 'GET', path: '/admin/accounts/:id/keys', access: 'admin', errorFormat: openai, handler: admin.listKeys },
    { method: 'DELETE', path: '/admin/accounts/:id/keys/:keyId', access: 'admin', errorFormat: openai, handler: admin.revokeKey },
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
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await upstream.close();
      await stores.close();
    },
  };
}
