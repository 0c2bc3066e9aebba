/**
 * Whether a rendered SSE frame reports a failure in-band: the stream renderers turn upstream
 * errors into frames rather than throwing, so a stream that "completed" may still have failed.
 * OpenAI chat sends `data: {"error":…}`, Anthropic `event: error`, the Responses API `error`
 * then `response.failed` (fixtures/openai-responses/stream-error-insufficient-quota.chunks.txt).
 */
export function sseFrameIsError(frame: string): boolean {
  if (/^event: ?(error|response\.failed)\s*$/m.test(frame)) return true;
  const data = frame
    .split(/\r\n|\r|\n/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
    .join('\n');
  // Cheap pre-check: most frames are deltas without the word.
  if (!data.includes('error') && !data.includes('failed')) return false;
  let payload: unknown;
  try {
    payload = JSON.parse(data);
  } catch {
    return false;
  }
  if (typeof payload !== 'object' || payload === null) return false;
  const { type, error } = payload as { type?: unknown; error?: unknown };
  return type === 'error' || type === 'response.failed' || (error !== undefined && error !== null);
}
