import { mediaOnlyProvider } from '../media-only-provider.ts';
import { elevenLabsSpeechAdapter } from './elevenlabs-speech-adapter.ts';

export { elevenLabsSpeechAdapter };

/** ElevenLabs: text-to-speech. `ELEVENLABS_API_KEY`, `ELEVENLABS_BASE_URL`. */
export const elevenLabsProvider = mediaOnlyProvider({
  id: 'elevenlabs',
  displayName: 'ElevenLabs',
  adapters: { speech: elevenLabsSpeechAdapter },
  defaultBaseUrl: 'https://api.elevenlabs.io',
  apiKeyEnv: 'ELEVENLABS_API_KEY',
  baseUrlEnv: 'ELEVENLABS_BASE_URL',
});
