import type { MediaOutput } from '../../core/media.ts';

/** Where a produced file is published for `response_format: "url"`; returns its link. */
export type PublishFile = (data: Uint8Array, mediaType: string) => Promise<string>;

/**
 * OpenAI's Images response: `{created, data: [{b64_json | url, revised_prompt?}], output_format?, usage?}`.
 * Files a provider returned as links are passed on as links; inline files are base64, or
 * published through `publish` when the client asked for URLs.
 */
export async function renderImageResponse(output: MediaOutput, input: Record<string, unknown>, publish?: PublishFile): Promise<Record<string, unknown>> {
  const revised = typeof output.data?.revised_prompt === 'string' ? output.data.revised_prompt : undefined;
  const data = await Promise.all(
    output.files.map(async (file) => {
      const item: Record<string, unknown> =
        file.kind === 'url' ? { url: file.url } : publish ? { url: await publish(file.data, file.mediaType) } : { b64_json: Buffer.from(file.data).toString('base64') };
      if (revised) item.revised_prompt = revised;
      return item;
    }),
  );
  const first = output.files[0];
  const format = first?.mediaType?.split('/')[1];
  const { units } = output;
  return {
    created: Math.floor(Date.now() / 1000),
    data,
    ...(format ? { output_format: format === 'jpg' ? 'jpeg' : format } : {}),
    ...(typeof input.size === 'string' ? { size: input.size } : {}),
    ...(typeof input.quality === 'string' ? { quality: input.quality } : {}),
    ...(units.inputTokens !== undefined || units.outputTokens !== undefined
      ? {
          usage: {
            input_tokens: units.inputTokens ?? 0,
            output_tokens: units.outputTokens ?? 0,
            total_tokens: (units.inputTokens ?? 0) + (units.outputTokens ?? 0),
            input_tokens_details: { text_tokens: (units.inputTokens ?? 0) - (units.inputImageTokens ?? 0), image_tokens: units.inputImageTokens ?? 0 },
          },
        }
      : {}),
  };
}
