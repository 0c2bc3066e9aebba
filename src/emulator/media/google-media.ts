import { admitMediaCall, sendBytes, sendError, type MediaCall } from './emulated-media-call.ts';
import { colourFor, solidPng } from './png.ts';

/** Gemini 2.5 Flash Image's output sizes by aspect ratio (ai.google.dev image-generation docs); 1290 tokens each. */
const GEMINI_SIZES: Record<string, [number, number]> = {
  '1:1': [1024, 1024], '2:3': [832, 1248], '3:2': [1248, 832], '3:4': [864, 1184], '4:3': [1184, 864],
  '4:5': [896, 1152], '5:4': [1152, 896], '9:16': [768, 1344], '16:9': [1344, 768], '21:9': [1536, 672],
};
/** Imagen's 1K sizes by aspect ratio. */
const IMAGEN_SIZES: Record<string, [number, number]> = { '1:1': [1024, 1024], '3:4': [896, 1280], '4:3': [1280, 896], '9:16': [768, 1408], '16:9': [1408, 768] };
const GEMINI_IMAGE_TOKENS = 1290;

/** Whether a Google model path is one of the emulated media models (Gemini image output, Imagen). */
export function isGoogleMediaModel(model: string, method: string): boolean {
  return (method === 'generateContent' && model.includes('-image')) || (method === 'predict' && model.startsWith('imagen'));
}

/**
 * Gemini image output (`generateContent` → an `inlineData` PNG part and IMAGE token details) and
 * Imagen (`predict` → `predictions[].bytesBase64Encoded`), for the Gemini API (`x-goog-api-key`)
 * and Vertex AI (OAuth bearer; the emulator checks only that one is present).
 */
export async function handleGoogleMedia(call: MediaCall, provider: 'google' | 'vertex', model: string, method: string): Promise<void> {
  const key = provider === 'google' ? headerOrQueryKey(call) : bearer(call);
  if (!(await admitMediaCall(call, provider, model, key))) return;
  const body = JSON.parse(call.body.toString('utf8') || '{}') as Record<string, any>;
  if (method === 'generateContent') {
    const parts: any[] = body.contents?.[0]?.parts ?? [];
    const prompt = parts.map((part) => part.text ?? '').join(' ').trim();
    if (!prompt) return sendError(call, provider, 400, 'contents[0].parts must include text.');
    const ratio = body.generationConfig?.imageConfig?.aspectRatio ?? '1:1';
    const size = GEMINI_SIZES[ratio];
    if (!size) return sendError(call, provider, 400, `Unsupported aspect ratio: ${ratio}.`);
    const png = solidPng(size[0], size[1], colourFor(prompt)).toString('base64');
    const promptTokens = Math.ceil(prompt.length / 4) + parts.filter((part) => part.inlineData).length * 258;
    const answer = {
      candidates: [{ content: { role: 'model', parts: [{ text: 'Here is the image.' }, { inlineData: { mimeType: 'image/png', data: png } }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: {
        promptTokenCount: promptTokens,
        candidatesTokenCount: GEMINI_IMAGE_TOKENS + 5,
        totalTokenCount: promptTokens + GEMINI_IMAGE_TOKENS + 5,
        candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: 5 }, { modality: 'IMAGE', tokenCount: GEMINI_IMAGE_TOKENS }],
      },
      modelVersion: model,
    };
    return sendBytes(call, 'application/json', JSON.stringify(answer));
  }
  const prompt = String(body.instances?.[0]?.prompt ?? '');
  if (!prompt) return sendError(call, provider, 400, 'instances[0].prompt is required.');
  const ratio = body.parameters?.aspectRatio ?? '1:1';
  const size = IMAGEN_SIZES[ratio];
  if (!size) return sendError(call, provider, 400, `Unsupported aspect ratio: ${ratio}.`);
  const count = Number(body.parameters?.sampleCount ?? 1);
  const png = solidPng(size[0], size[1], colourFor(prompt)).toString('base64');
  sendBytes(call, 'application/json', JSON.stringify({ predictions: Array.from({ length: count }, () => ({ bytesBase64Encoded: png, mimeType: 'image/png' })) }));
}

function headerOrQueryKey(call: MediaCall): string | undefined {
  const header = call.req.headers['x-goog-api-key'];
  return typeof header === 'string' ? header : (call.url.searchParams.get('key') ?? undefined);
}

function bearer(call: MediaCall): string | undefined {
  const value = call.req.headers.authorization;
  return typeof value === 'string' && value.startsWith('Bearer ') ? value.slice(7) : undefined;
}
