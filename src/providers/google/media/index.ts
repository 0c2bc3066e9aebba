import type { MediaKind } from '../../../core/media.ts';
import type { MediaAdapter } from '../../media-adapter.ts';
import { geminiImageAdapter } from './gemini-image-adapter.ts';
import { imagenAdapter } from './imagen-adapter.ts';
import { geminiApiEndpoint, vertexEndpoint, type GoogleMediaEndpoint } from './google-media-endpoint.ts';

function mediaAdapterForEndpoint(endpoint: GoogleMediaEndpoint) {
  const gemini = geminiImageAdapter(endpoint);
  const imagen = imagenAdapter(endpoint);
  /** Imagen models by name (`imagen-…`), Gemini image models (`…-image`, `…-image-preview`) otherwise. */
  return (upstreamModel: string, kind: MediaKind): MediaAdapter | undefined => {
    if (kind !== 'image') return undefined;
    return upstreamModel.startsWith('imagen') ? imagen : gemini;
  };
}

/** The Gemini API's media adapters (`ProviderDefinition.mediaAdapterFor` of `google`). */
export const geminiMediaAdapterFor = mediaAdapterForEndpoint(geminiApiEndpoint);
/** Vertex AI's media adapters for Google's models (`ProviderDefinition.mediaAdapterFor` of `vertex`). */
export const vertexMediaAdapterFor = mediaAdapterForEndpoint(vertexEndpoint);
