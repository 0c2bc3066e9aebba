import type { MediaKind } from '../../../core/media.ts';
import type { MediaAdapter, MediaAdapters } from '../../media-adapter.ts';
import { openAiImageAdapter } from './openai-image-adapter.ts';
import { openAiSpeechAdapter } from './openai-speech-adapter.ts';
import { openAiTranscriptionAdapter } from './openai-transcription-adapter.ts';

export { openAiImageAdapter, openAiSpeechAdapter, openAiTranscriptionAdapter };

/** OpenAI's synchronous media APIs by kind: images, speech, transcription. */
export const openAiMediaAdapters: MediaAdapters = { image: openAiImageAdapter, speech: openAiSpeechAdapter, transcription: openAiTranscriptionAdapter };

/** For `ProviderDefinition.mediaAdapterFor`: the same adapter for every model of a kind. */
export function openAiMediaAdapterFor(_upstreamModel: string, kind: MediaKind): MediaAdapter | undefined {
  return openAiMediaAdapters[kind];
}
