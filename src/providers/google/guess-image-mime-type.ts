const mimeByExtension: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  bmp: 'image/bmp',
  pdf: 'application/pdf',
};

/**
 * Gemini's `fileData` wants a mimeType next to the URI (vision-file-data-image-url.vcr.yaml
 * sends image/png for a .png URL); canonical image URLs carry none, so we guess from the
 * path's extension, defaulting to image/jpeg. A `data:` URL carries its own type.
 */
export function guessImageMimeType(url: string): string {
  const dataUrl = /^data:([^;,]+)/i.exec(url);
  if (dataUrl) return dataUrl[1].toLowerCase();
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split(/[?#]/)[0];
  }
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (extension !== undefined ? mimeByExtension[extension] : undefined) ?? 'image/jpeg';
}
