import { GatewayError } from './errors.ts';

/**
 * The canonical embeddings request, apart from the chat request: one vector per input, in order.
 * `input` is texts, or pre-tokenised inputs (token id arrays), which only OpenAI itself accepts.
 */
export type EmbeddingRequest = {
  model: string;
  input: string[] | number[][];
  /** Shorter vectors (Matryoshka truncation); the provider's default size when absent. */
  dimensions?: number;
  /** How the client wants vectors rendered; vectors themselves are always numbers here. */
  encodingFormat: 'float' | 'base64';
  /** End-user id for abuse monitoring, where the provider takes one. */
  user?: string;
};

export type EmbeddingUsage = {
  inputTokens: number;
  /** True when the provider reports no token count and the gateway estimated it (Gemini). */
  estimated?: boolean;
};

export type EmbeddingResponse = {
  model: string;
  /** One vector per input, in input order. */
  vectors: number[][];
  usage: EmbeddingUsage;
};

/** The texts of a request, or a clear 400 when it carries token arrays a provider cannot take. */
export function embeddingTexts(request: EmbeddingRequest, provider: string): string[] {
  if (request.input.some((item) => typeof item !== 'string')) throw GatewayError.unsupported('Token-array input', provider, 'input');
  return request.input as string[];
}

/** A vector as OpenAI's `encoding_format: "base64"`: little-endian float32 bytes, base64-encoded. */
export function encodeFloat32Base64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i], i * 4);
  return bytes.toString('base64');
}

/** The inverse of `encodeFloat32Base64`. */
export function decodeFloat32Base64(encoded: string): number[] {
  const bytes = Buffer.from(encoded, 'base64');
  const out = new Array<number>(Math.floor(bytes.length / 4));
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}

/** `vector` scaled to unit length (a zero vector stays zero). */
export function normalizeVector(vector: readonly number[]): number[] {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  return norm === 0 ? [...vector] : vector.map((value) => value / norm);
}
