import { audioSeconds, silentMp3, sineTone, wavFile } from './audio.ts';
import { admitMediaCall, authorizationToken, parseForm, sendBytes, sendError, type MediaCall } from './emulated-media-call.ts';
import { colourFor, solidPng } from './png.ts';

/** gpt-image-1's output tokens per image by quality, at 1024×1024 and at the 1.5:1 sizes (OpenAI's image cost table). */
const IMAGE_TOKENS: Record<string, [number, number]> = { low: [272, 408], medium: [1056, 1584], high: [4160, 6240] };

/**
 * OpenAI's media endpoints under `/openai/v1`: `images/generations`, `images/edits`,
 * `audio/speech` (WAV, or MP3 frames, or `stream_format: "sse"` with usage), `audio/transcriptions`
 * (`Transcript of <N> bytes of audio`, with the duration of the upload).
 */
export async function handleOpenAiMedia(call: MediaCall, endpoint: string): Promise<void> {
  const contentType = String(call.req.headers['content-type'] ?? '');
  const json = contentType.startsWith('application/json') ? (JSON.parse(call.body.toString('utf8') || '{}') as Record<string, unknown>) : undefined;
  const form = json ? undefined : parseForm(call.body, contentType);
  const field = (name: string): unknown => (json ? json[name] : form?.fields[name]);
  const model = String(field('model') ?? '');
  if (!(await admitMediaCall(call, 'openai', model, authorizationToken(call.req, 'Bearer')))) return;

  if (endpoint === 'images/generations' || endpoint === 'images/edits') {
    const prompt = String(field('prompt') ?? '');
    if (!prompt) return sendError(call, 'openai', 400, "Missing required parameter: 'prompt'.");
    if (endpoint === 'images/edits' && !form?.files.image) return sendError(call, 'openai', 400, "Missing required parameter: 'image'.");
    if (model.startsWith('dall-e') && field('response_format') !== 'b64_json') return sendError(call, 'openai', 400, 'The emulator answers DALL·E with b64_json only.');
    const size = String(field('size') ?? 'auto');
    const [width, height] = size === 'auto' ? [1024, 1024] : size.split('x').map(Number);
    const n = Number(field('n') ?? 1);
    const png = solidPng(width, height, colourFor(prompt)).toString('base64');
    const data = Array.from({ length: n }, () => ({ b64_json: png, ...(model === 'dall-e-3' ? { revised_prompt: `${prompt} (revised)` } : {}) }));
    const quality = String(field('quality') ?? 'auto');
    const tokens = (IMAGE_TOKENS[quality] ?? IMAGE_TOKENS.medium)[width === height ? 0 : 1] * n;
    const inputText = Math.ceil(prompt.length / 4);
    const inputImage = form?.files.image ? 323 : 0;
    const usage = model.startsWith('gpt-image')
      ? { input_tokens: inputText + inputImage, output_tokens: tokens, total_tokens: inputText + inputImage + tokens, input_tokens_details: { text_tokens: inputText, image_tokens: inputImage } }
      : undefined;
    return sendBytes(call, 'application/json', JSON.stringify({ created: Math.floor(Date.now() / 1000), data, ...(model.startsWith('gpt-image') ? { output_format: 'png', usage } : {}) }));
  }

  if (endpoint === 'audio/speech') {
    const input = String(field('input') ?? '');
    if (!input) return sendError(call, 'openai', 400, "Missing required parameter: 'input'.");
    const seconds = Math.max(0.5, input.length / 15);
    const format = String(field('response_format') ?? 'mp3');
    const audio = format === 'mp3' ? silentMp3(seconds) : format === 'pcm' ? sineTone(seconds, 24000) : wavFile(sineTone(seconds));
    // Formats the emulator cannot encode (opus, aac, flac) come back as WAV, labelled as such.
    const type = format === 'mp3' ? 'audio/mpeg' : format === 'pcm' ? 'audio/pcm' : 'audio/wav';
    if (field('stream_format') === 'sse') {
      const events: string[] = [];
      for (let at = 0; at < audio.length; at += 4096) events.push(`data: ${JSON.stringify({ type: 'speech.audio.delta', audio: audio.subarray(at, at + 4096).toString('base64') })}\n\n`);
      const usage = { input_tokens: Math.ceil(input.length / 4), output_tokens: Math.ceil(seconds * 20), total_tokens: Math.ceil(input.length / 4) + Math.ceil(seconds * 20) };
      events.push(`data: ${JSON.stringify({ type: 'speech.audio.done', usage })}\n\n`);
      return sendBytes(call, 'text/event-stream', events.join(''));
    }
    return sendBytes(call, type, audio);
  }

  if (endpoint === 'audio/transcriptions') {
    const file = form?.files.file;
    if (!file) return sendError(call, 'openai', 400, "Missing required parameter: 'file'.");
    const text = `Transcript of ${file.data.length} bytes of audio`;
    const duration = audioSeconds(file.data);
    const format = String(field('response_format') ?? 'json');
    if (format === 'text') return sendBytes(call, 'text/plain; charset=utf-8', `${text}\n`);
    const tokenUsage = { type: 'tokens', input_tokens: Math.ceil(duration * 10) + 5, input_token_details: { text_tokens: 5, audio_tokens: Math.ceil(duration * 10) }, output_tokens: 8, total_tokens: Math.ceil(duration * 10) + 13 };
    const durationUsage = { type: 'duration', seconds: Math.ceil(duration) };
    if (format === 'verbose_json') {
      return sendBytes(call, 'application/json', JSON.stringify({ task: 'transcribe', language: field('language') ?? 'english', duration, text, segments: [{ id: 0, seek: 0, start: 0, end: duration, text }], usage: durationUsage }));
    }
    return sendBytes(call, 'application/json', JSON.stringify({ text, usage: model.startsWith('whisper') ? durationUsage : tokenUsage }));
  }
  sendError(call, 'openai', 404, `Unknown media endpoint ${endpoint}.`);
}
