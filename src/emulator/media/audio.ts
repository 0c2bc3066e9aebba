/**
 * Small real audio files for the emulator: a PCM sine tone, as WAV (RIFF) or headerless PCM, and
 * MP3 as a run of valid MPEG-1 Layer III frames that decode to silence.
 */

/** Mono 16-bit PCM samples of a 440 Hz tone, `seconds` long. */
export function sineTone(seconds: number, sampleRate = 8000): Buffer {
  const samples = Math.max(1, Math.round(seconds * sampleRate));
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) pcm.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / sampleRate) * 8000), i * 2);
  return pcm;
}

/** A WAV file (RIFF, PCM format 1, mono, 16-bit) around `pcm`. */
export function wavFile(pcm: Buffer, sampleRate = 8000): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}

/**
 * MP3 (MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, mono, no CRC): header `FF FB 90 C4`, then zeroed
 * side information and main data, which every decoder plays as silence. Each frame is
 * 144 × 128000 / 44100 = 417 bytes and lasts 1152 samples (26.1 ms).
 */
export function silentMp3(seconds: number): Buffer {
  const frames = Math.max(1, Math.round((seconds * 44100) / 1152));
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0xc4]);
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}

/** Seconds of audio in an uploaded file: exact for WAV, by 16 kB/s (128 kbit/s) otherwise. */
export function audioSeconds(bytes: Buffer): number {
  if (bytes.length >= 44 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WAVE') {
    const byteRate = bytes.readUInt32LE(28);
    if (byteRate > 0) return Math.round(((bytes.length - 44) / byteRate) * 1000) / 1000;
  }
  return Math.round((bytes.length / 16000) * 1000) / 1000;
}
