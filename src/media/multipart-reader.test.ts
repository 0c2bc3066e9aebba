import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { multipartBoundary, readMultipart } from './multipart-reader.ts';

const boundary = '----form7MA4YWxkTrZu0gW';
const fileBytes = Buffer.from([0x52, 0x49, 0x46, 0x46, 0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0xff, 0x0d, 0x0a]); // CR LF and "--" inside the file
const body = Buffer.concat([
  Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="model"\r\n\r\nopenai/whisper-1\r\n`),
  Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.wav"\r\ncontent-type: audio/wav\r\n\r\n`),
  fileBytes,
  Buffer.from(`\r\n--${boundary}\r\ncontent-disposition: form-data; name="language"\r\n\r\nfr\r\n--${boundary}--\r\n`),
]);

async function* chunked(bytes: Buffer, ...cuts: number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of cuts) {
    yield bytes.subarray(start, cut);
    start = cut;
  }
  yield bytes.subarray(start);
}

describe('readMultipart', () => {
  it('reads fields and a binary file whatever the chunk boundaries, including one split at every byte', async () => {
    for (let cut = 0; cut <= body.length; cut++) {
      const form = await readMultipart(chunked(body, cut), boundary, 10_000);
      assert.deepEqual(form.fields.get('model'), ['openai/whisper-1'], `cut at ${cut}`);
      assert.deepEqual(form.fields.get('language'), ['fr']);
      assert.equal(form.files.length, 1);
      assert.deepEqual(Buffer.from(form.files[0].data), fileBytes, `file bytes, cut at ${cut}`);
      assert.equal(form.files[0].mediaType, 'audio/wav');
      assert.equal(form.files[0].filename, 'a.wav');
    }
    const oneByteAtATime = await readMultipart(chunked(body, ...Array.from({ length: body.length - 1 }, (_, i) => i + 1)), boundary, 10_000);
    assert.deepEqual(Buffer.from(oneByteAtATime.files[0].data), fileBytes);
  });

  it('refuses a body over the limit with 413 as soon as the count passes it, without reading the rest', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="x"\r\n\r\n`);
      for (;;) {
        pulled++;
        yield Buffer.alloc(1024);
      }
    }
    await assert.rejects(readMultipart(endless(), boundary, 10 * 1024), (error: { status?: number }) => error.status === 413);
    assert.ok(pulled <= 11, `stopped after ${pulled} chunks`);
  });

  it('refuses a body cut before its closing boundary, and a content-type without a boundary', async () => {
    await assert.rejects(readMultipart(chunked(body.subarray(0, body.length - 10)), boundary, 10_000), /closing boundary/);
    assert.throws(() => multipartBoundary('application/json'), /multipart\/form-data/);
    assert.equal(multipartBoundary(`multipart/form-data; boundary="${boundary}"`), boundary);
  });
});
