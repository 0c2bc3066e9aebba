import { GatewayError } from '../../core/errors.ts';
import { parseOpenAiError } from '../openai/parse-openai-error.ts';
import type { HeaderMap, ProviderSettings } from '../provider-adapter.ts';

type AzureErrorBody = {
  error?: {
    code?: unknown;
    innererror?: { code?: unknown; content_filter_result?: Record<string, { filtered?: unknown } | undefined> };
  };
};

function readAzureError(body: string): AzureErrorBody['error'] {
  try {
    const parsed = JSON.parse(body) as AzureErrorBody;
    return typeof parsed?.error === 'object' && parsed.error !== null ? parsed.error : undefined;
  } catch {
    return undefined;
  }
}

function withMessage(error: GatewayError, changes: Partial<ConstructorParameters<typeof GatewayError>[0]>): GatewayError {
  return new GatewayError({
    status: error.status,
    code: error.code,
    message: error.message,
    param: error.param,
    provider: error.provider,
    upstreamType: error.upstreamType,
    retryAfterSeconds: error.retryAfterSeconds,
    ...changes,
  });
}

/**
 * Azure's errors are OpenAI-shaped, plus two cases worth a clearer answer: a prompt blocked by
 * the content filter (`code: content_filter`, categories in `innererror.content_filter_result`)
 * keeps `content_filter` as its upstream type and names the categories; a missing deployment
 * (`DeploymentNotFound`) is a model-not-found that says how deployments are mapped.
 */
export function parseAzureError(status: number, headers: HeaderMap, body: string, settings: ProviderSettings): GatewayError {
  const error = parseOpenAiError(status, headers, body, settings.id);
  const azure = readAzureError(body);
  if (azure?.code === 'content_filter') {
    const results = azure.innererror?.content_filter_result ?? {};
    const categories = Object.entries(results).flatMap(([name, result]) => (result?.filtered === true ? [name] : []));
    const suffix = categories.length > 0 ? ` (filtered categories: ${categories.join(', ')})` : '';
    return withMessage(error, { message: `${error.message}${suffix}`, upstreamType: 'content_filter' });
  }
  if (azure?.code === 'DeploymentNotFound') {
    return withMessage(error, {
      code: 'model_not_found',
      message: `${error.message} Azure deployments are named after the model unless mapped with providers.azure.options["deployment.<model>"].`,
    });
  }
  return error;
}
