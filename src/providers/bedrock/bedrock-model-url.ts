/** The Bedrock runtime operations on a model: Converse and InvokeModel, each whole or streamed. */
export type BedrockOperation = 'converse' | 'converse-stream' | 'invoke' | 'invoke-with-response-stream';

/** `{baseUrl}/model/{modelId}/{operation}`; the id is encoded since profile ids and ARNs hold ':' and '/'. */
export function bedrockModelUrl(baseUrl: string, modelId: string, operation: BedrockOperation): string {
  return `${baseUrl.replace(/\/+$/, '')}/model/${encodeURIComponent(modelId)}/${operation}`;
}
