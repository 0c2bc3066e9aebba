import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { animatedGif, tinyPng, toneWav } from './tiny-media.ts';

test('tinyPng is a PNG whose pixel data inflates to its rows', () => {
  const png = Buffer.from(tinyPng(4, 3, 7));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.readUInt32BE(16), 4);
  assert.equal(png.readUInt32BE(20), 3);
  const idatLength = png.readUInt32BE(33);
  assert.equal(png.subarray(37, 41).toString('latin1'), 'IDAT');
  assert.equal(inflateSync(png.subarray(41, 41 + idatLength)).length, 3 * (1 + 4 * 3));
});

test('toneWav has a consistent RIFF header for its length', () => {
  const wav = Buffer.from(toneWav(0.5));
  assert.equal(wav.subarray(0, 4).toString('latin1'), 'RIFF');
  assert.equal(wav.readUInt32LE(4), wav.length - 8);
  assert.equal(wav.readUInt32LE(40), 4000 * 2);
});

test('animatedGif decodes: its LZW stream yields one 8-bit index per pixel for every frame', () => {
  const gif = Buffer.from(animatedGif(20, 15, 3, 1));
  assert.equal(gif.subarray(0, 6).toString('latin1'), 'GIF89a');
  assert.equal(gif.at(-1), 0x3b);
  // Walk the blocks and decode each frame's codes with a small reference LZW decoder.
  let at = 13 + 256 * 3;
  const frames: number[][] = [];
  while (gif[at] !== 0x3b) {
    if (gif[at] === 0x21) {
      at += 2;
      while (gif[at] !== 0) at += gif[at] + 1;
      at += 1;
      continue;
    }
    assert.equal(gif[at], 0x2c);
    at += 10;
    const minCodeSize = gif[at++];
    const data: number[] = [];
    while (gif[at] !== 0) {
      data.push(...gif.subarray(at + 1, at + 1 + gif[at]));
      at += gif[at] + 1;
    }
    at += 1;
    frames.push(decodeLzw(Buffer.from(data), minCodeSize));
  }
  assert.equal(frames.length, 3);
  for (const [n, pixels] of frames.entries()) assert.deepEqual(pixels, new Array(300).fill(n));
});

function decodeLzw(data: Buffer, minCodeSize: number): number[] {
  const clear = 1 << minCodeSize;
  let width = minCodeSize + 1;
  let table: number[][] = [];
  const reset = () => {
    table = Array.from({ length: clear + 2 }, (_, n) => [n]);
    width = minCodeSize + 1;
  };
  reset();
  const out: number[] = [];
  let previous: number[] | undefined;
  let bit = 0;
  while (bit + width <= data.length * 8) {
    let code = 0;
    for (let n = 0; n < width; n++, bit++) code |= ((data[bit >> 3] >> (bit & 7)) & 1) << n;
    if (code === clear) {
      reset();
      previous = undefined;
      continue;
    }
    if (code === clear + 1) break;
    const entry = table[code] ?? [...previous!, previous![0]];
    out.push(...entry);
    if (previous) table.push([...previous, entry[0]]);
    if (table.length === 1 << width && width < 12) width++;
    previous = entry;
  }
  return out;
}
