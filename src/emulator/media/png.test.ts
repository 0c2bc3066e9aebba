import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { crc32, pngSize, solidPng } from './png.ts';
import { silentMp3, sineTone, wavFile } from './audio.ts';

describe('emulated media files', () => {
  it('PNGs follow the spec: signature, chunks with correct CRCs, IDAT inflating to filter-0 scanlines', () => {
    const png = solidPng(7, 3, [10, 20, 30]);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const chunks: string[] = [];
    let idat = Buffer.alloc(0);
    for (let at = 8; at < png.length; ) {
      const length = png.readUInt32BE(at);
      const type = png.toString('latin1', at + 4, at + 8);
      assert.equal(png.readUInt32BE(at + 8 + length), crc32(png.subarray(at + 4, at + 8 + length)), `${type} CRC`);
      if (type === 'IDAT') idat = Buffer.concat([idat, png.subarray(at + 8, at + 8 + length)]);
      chunks.push(type);
      at += 12 + length;
    }
    assert.deepEqual(chunks, ['IHDR', 'IDAT', 'IEND']);
    const raw = inflateSync(idat);
    assert.equal(raw.length, 3 * (1 + 7 * 3));
    assert.deepEqual([...raw.subarray(0, 4)], [0, 10, 20, 30]);
    assert.deepEqual(pngSize(png), { width: 7, height: 3 });
    assert.equal(crc32(Buffer.from('IEND')), 0xae426082, 'the well-known CRC of an empty IEND');
  });

  it('WAV headers describe their PCM data; MP3 is whole MPEG-1 Layer III frames', () => {
    const wav = wavFile(sineTone(1.5));
    assert.equal(wav.toString('latin1', 0, 4), 'RIFF');
    assert.equal(wav.readUInt32LE(4), wav.length - 8);
    assert.equal(wav.readUInt32LE(40), 1.5 * 8000 * 2);
    const mp3 = silentMp3(1);
    assert.equal(mp3.length % 417, 0);
    assert.deepEqual([...mp3.subarray(417, 421)], [0xff, 0xfb, 0x90, 0xc4]);
  });
});
