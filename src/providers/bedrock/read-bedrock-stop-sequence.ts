/**
 * Which stop sequence matched, when the model says: Claude on Bedrock reports it in
 * `additionalModelResponseFields`, as `{delta: {stop_sequence}}` in streams
 * (converse-stream-text.chunks.txt) or `{stop_sequence}`; Converse itself does not.
 */
export function readBedrockStopSequence(fields: Record<string, unknown> | undefined): string | undefined {
  if (!fields) return undefined;
  const delta = fields.delta as { stop_sequence?: unknown } | undefined;
  const value = fields.stop_sequence ?? (typeof delta === 'object' && delta !== null ? delta.stop_sequence : undefined);
  return typeof value === 'string' && value !== '' ? value : undefined;
}
