/** The Messages API version Bedrock's InvokeModel takes for Claude, in the body (not a header). */
export const bedrockAnthropicVersion = 'bedrock-2023-05-31';

/**
 * An Anthropic Messages body as InvokeModel's body for Claude: the model moves to the URL, the
 * operation (`invoke-with-response-stream`) says whether to stream, and Bedrock refuses both
 * keys ("extraneous key [stream] is not permitted"); `anthropic_version` is required. Betas
 * go in the body as `anthropic_beta: [...]` (AWS "Request and Response" for Claude), so a
 * client's own `anthropic_beta` stays; everything else is the client's, untouched.
 */
export function bedrockInvokeBody(messagesBody: Record<string, unknown>): Record<string, unknown> {
  const { model: _model, stream: _stream, ...rest } = messagesBody;
  return { ...rest, anthropic_version: bedrockAnthropicVersion };
}
