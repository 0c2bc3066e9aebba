import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MediaRequest } from '../../../core/media.ts';
import { geminiMediaAdapterFor, vertexMediaAdapterFor } from './index.ts';

const google = { id: 'google', baseUrl: 'https://generativelanguage.googleapis.com', apiKey: 'gkey' };
const vertex = { id: 'vertex', baseUrl: 'https://us-central1-aiplatform.googleapis.com', options: { project: 'p', location: 'us-central1' }, bearerToken: async () => 'ya29.t' };
const json = (value: unknown) => ({ status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(value)) });
const png = Buffer.from('PNG').toString('base64');

// Bodies follow ai.google.dev/gemini-api/docs/image-generation and /imagen (REST examples).
describe('Google media adapters', () => {
  const request: MediaRequest = { kind: 'image', model: 'google/gemini-2.5-flash-image', input: { prompt: 'a fox', aspect_ratio: '16:9', n: 1 } };

  it('Gemini image: generateContent with IMAGE modality and the aspect ratio; Gemini API key or Vertex bearer', async () => {
    const built = (await geminiMediaAdapterFor('gemini-2.5-flash-image', 'image')!.buildRequest(request, 'gemini-2.5-flash-image', google)) as { url: string; headers: Record<string, string>; body: string };
    assert.equal(built.url, 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash-image:generateContent');
    assert.equal(built.headers['x-goog-api-key'], 'gkey');
    assert.deepEqual(JSON.parse(built.body), {
      contents: [{ role: 'user', parts: [{ text: 'a fox' }] }],
      generationConfig: { responseModalities: ['TEXT', 'IMAGE'], imageConfig: { aspectRatio: '16:9' } },
    });
    const onVertex = (await vertexMediaAdapterFor('gemini-2.5-flash-image', 'image')!.buildRequest(request, 'gemini-2.5-flash-image', vertex)) as { url: string; headers: Record<string, string> };
    assert.equal(onVertex.url, 'https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-flash-image:generateContent');
    assert.equal(onVertex.headers.authorization, 'Bearer ya29.t');
  });

  it('Gemini image: inlineData parts become files, IMAGE token details billable units; a text-only answer is a 422', () => {
    const adapter = geminiMediaAdapterFor('gemini-2.5-flash-image', 'image')!;
    const output = adapter.parseResponse(
      json({
        candidates: [{ content: { parts: [{ text: 'Here you go' }, { inlineData: { mimeType: 'image/png', data: png } }] }, finishReason: 'STOP' }],
        usageMetadata: { promptTokenCount: 7, candidatesTokenCount: 1295, candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: 5 }, { modality: 'IMAGE', tokenCount: 1290 }] },
      }),
      request,
    );
    assert.equal(output.text, 'Here you go');
    assert.equal(output.files.length, 1);
    assert.deepEqual(output.units, { images: 1, inputTokens: 7, outputTokens: 1295, outputImageTokens: 1290 });
    assert.throws(() => adapter.parseResponse(json({ candidates: [{ content: { parts: [{ text: 'I cannot' }] }, finishReason: 'IMAGE_SAFETY' }] }), request), (error: { status: number; message: string }) => error.status === 422 && /IMAGE_SAFETY/.test(error.message));
  });

  it('Imagen: :predict with sampleCount, aspectRatio and mime type; predictions become files; edits are refused', async () => {
    const imagen = geminiMediaAdapterFor('imagen-4.0-generate-001', 'image')!;
    const input = { prompt: 'a fox', n: 2, aspect_ratio: '4:3', output_format: 'jpeg', negative_prompt: 'blur' };
    const built = (await imagen.buildRequest({ kind: 'image', model: 'google/imagen-4', input }, 'imagen-4.0-generate-001', google)) as { url: string; body: string };
    assert.equal(built.url, 'https://generativelanguage.googleapis.com/v1beta/models/imagen-4.0-generate-001:predict');
    assert.deepEqual(JSON.parse(built.body), { instances: [{ prompt: 'a fox' }], parameters: { sampleCount: 2, aspectRatio: '4:3', negativePrompt: 'blur', outputOptions: { mimeType: 'image/jpeg' } } });
    const output = imagen.parseResponse(json({ predictions: [{ bytesBase64Encoded: png, mimeType: 'image/jpeg' }, { bytesBase64Encoded: png, mimeType: 'image/jpeg' }] }), request);
    assert.equal(output.units.images, 2);
    assert.equal((output.files[0] as { mediaType: string }).mediaType, 'image/jpeg');
    await assert.rejects(async () => imagen.buildRequest({ ...request, files: { image: { kind: 'inline', mediaType: 'image/png', data: Buffer.from('x') } } }, 'imagen-4.0-generate-001', google), /not supported/);
    assert.equal(geminiMediaAdapterFor('imagen-4.0-generate-001', 'speech'), undefined);
  });
});
