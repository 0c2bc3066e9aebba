export { parseImageGenerationRequest, parseImageEditRequest, type ParsedImageRequest, type ImageResponseFormat } from './parse-image-request.ts';
export { renderImageResponse, type PublishFile } from './render-image-response.ts';
