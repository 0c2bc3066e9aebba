import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorState } from '../emulator-state.ts';
import type { MediaCall } from './emulated-media-call.ts';
import { handleGoogleMedia, isGoogleMediaModel } from './google-media.ts';
import { handleOpenAiMedia } from './openai-media.ts';
import { handleDeepgram, handleElevenLabs } from './speech-and-listen.ts';

type MediaRoute =
  | { kind: 'openai'; endpoint: string }
  | { kind: 'google'; provider: 'google' | 'vertex'; model: string; method: string }
  | { kind: 'elevenlabs'; voice: string }
  | { kind: 'deepgram' };

/** The media route a request is for, if any; matched before the body is read, so uploads stay bytes. */
export function mediaRoute(method: string, path: string): MediaRoute | undefined {
  if (method !== 'POST') return undefined;
  const openai = /^\/openai\/v1\/(images\/generations|images\/edits|audio\/speech|audio\/transcriptions)$/.exec(path);
  if (openai) return { kind: 'openai', endpoint: openai[1] };
  const google = /^\/google\/v1(?:beta)?\/models\/([^/:]+):(generateContent|predict)$/.exec(path);
  if (google && isGoogleMediaModel(decodeURIComponent(google[1]), google[2])) return { kind: 'google', provider: 'google', model: decodeURIComponent(google[1]), method: google[2] };
  const vertex = /^\/vertex\/v1\/projects\/[^/]+\/locations\/[^/]+\/publishers\/google\/models\/([^/:]+):(generateContent|predict)$/.exec(path);
  if (vertex && isGoogleMediaModel(decodeURIComponent(vertex[1]), vertex[2])) return { kind: 'google', provider: 'vertex', model: decodeURIComponent(vertex[1]), method: vertex[2] };
  const eleven = /^\/elevenlabs\/v1\/text-to-speech\/([^/]+)$/.exec(path);
  if (eleven) return { kind: 'elevenlabs', voice: decodeURIComponent(eleven[1]) };
  if (path === '/deepgram/v1/listen') return { kind: 'deepgram' };
  return undefined;
}

/** Serves a media route (docs/emulator.md, "Media"): real PNG, WAV and MP3 files, deterministic transcripts. */
export async function handleMediaRequest(req: IncomingMessage, res: ServerResponse, url: URL, route: MediaRoute, state: EmulatorState, signal: AbortSignal): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const call: MediaCall = { req, res, url, body: Buffer.concat(chunks), state, signal };
  switch (route.kind) {
    case 'openai':
      return handleOpenAiMedia(call, route.endpoint);
    case 'google':
      return handleGoogleMedia(call, route.provider, route.model, route.method);
    case 'elevenlabs':
      return handleElevenLabs(call, route.voice);
    case 'deepgram':
      return handleDeepgram(call);
  }
}

/** Base URLs of the media-only providers, for `emulatorEnv`. */
export function mediaEnv(url: string): Record<string, string> {
  return { ELEVENLABS_BASE_URL: `${url}/elevenlabs`, DEEPGRAM_BASE_URL: `${url}/deepgram` };
}
