import type { MediaRequest, MediaUnits } from '../core/media.ts';

/** Speech runs at about 15 characters a second; holding for 10 is generous. */
const HOLD_CHARACTERS_PER_SECOND = 10;
/** Compressed audio of unknown length is held as if 16 kbit/s (2,000 bytes a second): long for most files. */
const HOLD_BYTES_PER_SECOND = 2000;
/** Video and music without a requested duration are held as if 10 s long (most models' default or less). */
const HOLD_DEFAULT_SECONDS = 10;

/**
 * The most a media request will plausibly use, before it is sent: the basis of the billing hold.
 * Images: `n`. Speech: its characters (and seconds, for models priced by the minute).
 * Transcription: the audio's duration, exact for WAV, estimated from the size otherwise.
 * Video and music (jobs): the requested `duration_seconds`, else 10 s.
 */
export function estimateMediaUnits(request: MediaRequest, input: Record<string, unknown>): MediaUnits {
  switch (request.kind) {
    case 'image':
      return { images: typeof input.n === 'number' ? input.n : 1 };
    case 'speech': {
      const characters = typeof input.prompt === 'string' ? [...input.prompt].length : 0;
      return { characters, seconds: characters / HOLD_CHARACTERS_PER_SECOND };
    }
    case 'transcription': {
      const audio = request.files?.audio;
      if (audio?.kind !== 'inline') return {};
      return { seconds: wavSeconds(audio.data) ?? audio.data.length / HOLD_BYTES_PER_SECOND };
    }
    case 'video':
    case 'music':
      return { seconds: typeof input.duration_seconds === 'number' ? input.duration_seconds : HOLD_DEFAULT_SECONDS };
  }
}

/** A WAV file's duration from its header (`RIFF…WAVE`, `fmt ` byte rate, `data` size), or undefined. */
export function wavSeconds(bytes: Uint8Array): number | undefined {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < 44 || view.toString('latin1', 0, 4) !== 'RIFF' || view.toString('latin1', 8, 12) !== 'WAVE') return undefined;
  let byteRate: number | undefined;
  for (let at = 12; at + 8 <= view.length; ) {
    const id = view.toString('latin1', at, at + 4);
    const size = view.readUInt32LE(at + 4);
    if (id === 'fmt ' && at + 16 <= view.length) byteRate = view.readUInt32LE(at + 16);
    if (id === 'data') return byteRate ? Math.min(size, view.length - at - 8) / byteRate : undefined;
    at += 8 + size + (size % 2);
  }
  return undefined;
}
