import { mediaOnlyProvider } from '../media-only-provider.ts';
import { deepgramTranscriptionAdapter } from './deepgram-transcription-adapter.ts';

export { deepgramTranscriptionAdapter };

/** Deepgram: speech-to-text (pre-recorded). `DEEPGRAM_API_KEY`, `DEEPGRAM_BASE_URL`. */
export const deepgramProvider = mediaOnlyProvider({
  id: 'deepgram',
  displayName: 'Deepgram',
  adapters: { transcription: deepgramTranscriptionAdapter },
  defaultBaseUrl: 'https://api.deepgram.com',
  apiKeyEnv: 'DEEPGRAM_API_KEY',
  baseUrlEnv: 'DEEPGRAM_BASE_URL',
});
