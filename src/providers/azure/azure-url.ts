import type { ProviderSettings } from '../provider-adapter.ts';
import { defaultAzureApiVersion } from './azure-settings.ts';

/**
 * The deployment serving a model. Deployments are named after the model by default (the
 * catalog's upstream id for Azure is the deployment name); a resource whose deployments have
 * other names maps them in the config file: `"options": {"deployment.gpt-4o-mini": "prod-mini"}`.
 */
export function azureDeploymentFor(settings: ProviderSettings, upstreamModel: string): string {
  return settings.options?.[`deployment.${upstreamModel}`] ?? upstreamModel;
}

/** `{endpoint}/openai/deployments/{deployment}/chat/completions?api-version=…` */
export function azureChatCompletionsUrl(settings: ProviderSettings, upstreamModel: string): string {
  const endpoint = settings.baseUrl.replace(/\/+$/, '');
  const deployment = encodeURIComponent(azureDeploymentFor(settings, upstreamModel));
  const version = encodeURIComponent(settings.options?.apiVersion ?? defaultAzureApiVersion);
  return `${endpoint}/openai/deployments/${deployment}/chat/completions?api-version=${version}`;
}
