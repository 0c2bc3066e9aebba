import { solidPng } from './media/png.ts';

/**
 * Small, valid media files the emulator serves as model output, generated here so no binary
 * lives in the repository: a PNG image, a WAV tone, and an animated GIF standing in for video
 * (a valid MP4 needs an encoded H.264 frame, which is not worth hand-writing; the GIF is served
 * with its true content type, `image/gif`).
 */

/** A solid-colour RGB PNG, `width`×`height`, colour picked from `seed`. */
export function tinyPng(width: number, height: number, seed: number): Uint8Array {
  return solidPng(width, height, colour(seed));
}

/** A 16-bit mono PCM WAV of a 440 Hz tone at 8 kHz, `seconds` long. */
export function toneWav(seconds: number): Uint8Array {
  const rate = 8000;
  const samples = Math.max(1, Math.round(seconds * rate));
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'latin1');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8, 'latin1');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'latin1');
  wav.writeUInt32LE(samples * 2, 40);
  for (let n = 0; n < samples; n++) wav.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * n) / rate)), 44 + n * 2);
  return wav;
}

/** An animated GIF, `frames` frames of `width`×`height` in shifting colours, 10 frames a second. */
export function animatedGif(width: number, height: number, frames: number, seed: number): Uint8Array {
  const parts: Buffer[] = [Buffer.from('GIF89a', 'latin1')];
  const screen = Buffer.alloc(7);
  screen.writeUInt16LE(width, 0);
  screen.writeUInt16LE(height, 2);
  screen.set([0xf7, 0, 0], 4); // global colour table of 256 entries
  parts.push(screen);
  const palette = Buffer.alloc(256 * 3);
  for (let n = 0; n < 256; n++) palette.set(colour(seed + n), n * 3);
  parts.push(palette);
  parts.push(Buffer.from([0x21, 0xff, 0x0b, ...Buffer.from('NETSCAPE2.0', 'latin1'), 0x03, 0x01, 0x00, 0x00, 0x00])); // loop forever
  for (let frame = 0; frame < frames; frame++) {
    parts.push(Buffer.from([0x21, 0xf9, 0x04, 0x00, 10, 0x00, 0x00, 0x00])); // 100 ms per frame
    const descriptor = Buffer.alloc(10);
    descriptor[0] = 0x2c;
    descriptor.writeUInt16LE(width, 5);
    descriptor.writeUInt16LE(height, 7);
    parts.push(descriptor);
    parts.push(Buffer.from([8]), subBlocks(lzwUncompressed(new Array(width * height).fill(frame % 256))));
  }
  parts.push(Buffer.from([0x3b]));
  return Buffer.concat(parts);
}

/**
 * GIF's LZW with 8-bit pixels, emitted without compression: a clear code every 200 pixels keeps
 * the code width at 9 bits, which every decoder reads back as the literal pixels.
 */
function lzwUncompressed(pixels: number[]): Buffer {
  const codes: number[] = [];
  pixels.forEach((pixel, n) => {
    if (n % 200 === 0) codes.push(256);
    codes.push(pixel);
  });
  codes.push(257);
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const code of codes) {
    buffer |= code << bits;
    bits += 9;
    while (bits >= 8) {
      out.push(buffer & 0xff);
      buffer >>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) out.push(buffer & 0xff);
  return Buffer.from(out);
}

function subBlocks(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let start = 0; start < data.length; start += 255) {
    const block = data.subarray(start, start + 255);
    parts.push(Buffer.from([block.length]), block);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

function colour(seed: number): [number, number, number] {
  const n = Math.abs(Math.floor(seed)) * 2654435761;
  return [(n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}
