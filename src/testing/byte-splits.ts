/**
 * Test support: text or bytes delivered as a stream in pieces, so parsers meet chunk boundaries
 * mid-frame and mid-character the way a socket delivers them. Random cuts are seeded, so a
 * failing split can be reproduced.
 */

const encoder = new TextEncoder();
const bytesFrom = (input: string | Uint8Array): Uint8Array => (typeof input === 'string' ? encoder.encode(input) : input);

/** Bytes as a stream cut at the given offsets (in any order); no cuts is one piece. */
export async function* splitBytes(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    yield bytes.slice(start, cut);
    start = cut;
  }
  yield bytes.slice(start);
}

/** The whole input as a one-piece stream. */
export async function* whole(input: string | Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytesFrom(input);
}

/** The input as a stream cut every `size` bytes. */
export async function* bytesOf(input: string | Uint8Array, size = 97): AsyncGenerator<Uint8Array> {
  const bytes = bytesFrom(input);
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

/** A seeded pseudo-random sequence in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One to `maxCuts` random offsets into `length` bytes, for `splitBytes`. */
export function randomCuts(random: () => number, length: number, maxCuts = 40): number[] {
  return Array.from({ length: 1 + Math.floor(random() * maxCuts) }, () => Math.floor(random() * length));
}

/** The input as a stream of pieces of 1 to `maxPiece` bytes, sized by a seeded random sequence. */
export async function* splitAtRandom(input: string | Uint8Array, seed: number, maxPiece = 64): AsyncGenerator<Uint8Array> {
  const bytes = bytesFrom(input);
  const random = seededRandom(seed);
  for (let offset = 0; offset < bytes.length; ) {
    const size = 1 + Math.floor(random() * maxPiece);
    yield bytes.slice(offset, offset + size);
    offset += size;
  }
}
