/**
 * The inputs of the catalog's media models, by model id, for `Switchyard.run`'s types. Kept
 * small and by hand; `model-inputs.test.ts` checks every key and parameter against `catalog/`.
 * Any other model id takes a plain object.
 */
type AspectRatio = '1:1' | '16:9' | '21:9' | '3:2' | '2:3' | '4:5' | '5:4' | '3:4' | '4:3' | '9:16' | '9:21';
/** A URL, a `data:` URI, or a gateway file link from an earlier run. */
export type FileInput = string;

export type ModelInputs = {
  'black-forest-labs/flux-schnell': { prompt: string; aspect_ratio?: AspectRatio; n?: number; output_format?: 'webp' | 'jpeg' | 'png'; seed?: number; go_fast?: boolean; megapixels?: '1' | '0.25' };
  'black-forest-labs/flux-1.1-pro': { prompt: string; aspect_ratio?: AspectRatio | 'custom'; n?: 1; width?: number; height?: number; output_format?: 'webp' | 'jpeg' | 'png'; seed?: number; prompt_upsampling?: boolean; image_prompt?: FileInput };
  'openai/gpt-image-1': { prompt: string; n?: number; size?: '1024x1024' | '1536x1024' | '1024x1536' | 'auto'; quality?: 'low' | 'medium' | 'high' | 'auto'; output_format?: 'png' | 'jpeg' | 'webp' };
  'kwaivgi/kling-v2.1': { prompt: string; image: FileInput; negative_prompt?: string; duration_seconds?: 5 | 10; mode?: 'standard' | 'pro' };
  'minimax/video-01': { prompt: string; image?: FileInput; prompt_optimizer?: boolean };
  'google/veo-3.0-generate-001': { prompt: string; negative_prompt?: string; image?: FileInput; aspect_ratio?: '16:9' | '9:16'; resolution?: '720p' | '1080p'; duration_seconds?: 8; seed?: number };
  'meta/musicgen': { prompt: string; duration_seconds?: number; model_version?: 'stereo-melody-large' | 'stereo-large' | 'melody-large' | 'large'; output_format?: 'wav' | 'mp3'; seed?: number };
  'openai/tts-1': { prompt: string; voice?: string; output_format?: 'mp3' | 'opus' | 'aac' | 'flac' | 'wav' | 'pcm'; speed?: number };
  'openai/gpt-4o-mini-tts': { prompt: string; voice?: string; output_format?: 'mp3' | 'opus' | 'aac' | 'flac' | 'wav' | 'pcm'; speed?: number; instructions?: string };
};

/** The input type for a model id: its own for the models above, any object otherwise. */
export type InputFor<M extends string> = M extends keyof ModelInputs ? ModelInputs[M] : Record<string, unknown>;
