import { audioSeconds, silentMp3, sineTone } from './audio.ts';
import { admitMediaCall, authorizationToken, sendBytes, sendError, type MediaCall } from './emulated-media-call.ts';

/**
 * ElevenLabs `POST /elevenlabs/v1/text-to-speech/{voice_id}?output_format=…` (`xi-api-key`):
 * MP3 frames for `mp3_*`, 16-bit PCM for `pcm_*`; other formats are refused as unsupported here.
 */
export async function handleElevenLabs(call: MediaCall, voice: string): Promise<void> {
  const key = call.req.headers['xi-api-key'];
  const body = JSON.parse(call.body.toString('utf8') || '{}') as { text?: unknown; model_id?: unknown };
  if (!(await admitMediaCall(call, 'elevenlabs', String(body.model_id ?? ''), typeof key === 'string' ? key : undefined))) return;
  if (typeof body.text !== 'string' || body.text === '') return sendError(call, 'elevenlabs', 422, "Field required: 'text'.");
  if (!voice) return sendError(call, 'elevenlabs', 404, 'Voice not found.');
  const seconds = Math.max(0.5, body.text.length / 15);
  const format = call.url.searchParams.get('output_format') ?? 'mp3_44100_128';
  if (format.startsWith('mp3_')) return sendBytes(call, 'audio/mpeg', silentMp3(seconds));
  if (format.startsWith('pcm_')) return sendBytes(call, 'audio/pcm', sineTone(seconds, Number(format.slice(4)) || 24000));
  sendError(call, 'elevenlabs', 422, `The emulator does not encode output_format '${format}'.`);
}

/**
 * Deepgram `POST /deepgram/v1/listen?model=…` (`Authorization: Token …`, raw audio body):
 * `Transcript of <N> bytes of audio`, with the upload's duration and one utterance spanning it.
 */
export async function handleDeepgram(call: MediaCall): Promise<void> {
  const model = call.url.searchParams.get('model') ?? 'base';
  if (!(await admitMediaCall(call, 'deepgram', model, authorizationToken(call.req, 'Token')))) return;
  if (call.body.length === 0) return sendError(call, 'deepgram', 400, 'Bad Request: failed to process audio: corrupt or unsupported data');
  const transcript = `Transcript of ${call.body.length} bytes of audio`;
  const duration = audioSeconds(call.body);
  const answer = {
    metadata: { request_id: 'emulated-request', created: new Date().toISOString(), duration, channels: 1, models: [model] },
    results: {
      channels: [{ alternatives: [{ transcript, confidence: 0.99, words: [] }], ...(call.url.searchParams.get('detect_language') === 'true' ? { detected_language: 'en' } : {}) }],
      utterances: [{ start: 0, end: duration, confidence: 0.99, channel: 0, transcript, words: [], id: 'utterance-0' }],
    },
  };
  sendBytes(call, 'application/json', JSON.stringify(answer));
}
