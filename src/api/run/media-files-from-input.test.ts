import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ParameterSchema } from '../../media/parameter-schema.ts';
import { mediaFilesFromInput } from './media-files-from-input.ts';

const schema: ParameterSchema = { type: 'object', properties: { prompt: { type: 'string' }, image: { type: 'file' }, mask: { type: 'file' } }, required: ['prompt'] };

describe('mediaFilesFromInput', () => {
  it('moves file parameters into files: data: URIs as bytes, URLs as URLs; the rest stays input', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    const { input, files } = mediaFilesFromInput({ prompt: 'add a hat', image: `data:image/png;base64,${png.toString('base64')}`, mask: 'https://example.com/mask.png' }, schema);
    assert.deepEqual(input, { prompt: 'add a hat' });
    assert.deepEqual(files.image, { kind: 'inline', mediaType: 'image/png', data: new Uint8Array(png) });
    assert.deepEqual(files.mask, { kind: 'url', url: 'https://example.com/mask.png' });
  });

  it('refuses a file parameter that is not a file, naming input.<parameter>', () => {
    assert.throws(() => mediaFilesFromInput({ prompt: 'x', image: 'cat.png' }, schema), (error: { status: number; param: string }) => error.status === 400 && error.param === 'input.image');
    assert.throws(() => mediaFilesFromInput({ prompt: 'x', image: 42 }, schema), (error: { param: string }) => error.param === 'input.image');
  });

  it('leaves everything as input for a model without a schema', () => {
    assert.deepEqual(mediaFilesFromInput({ prompt: 'x', image: 'data:,hi' }, undefined), { input: { prompt: 'x', image: 'data:,hi' }, files: {} });
  });
});
