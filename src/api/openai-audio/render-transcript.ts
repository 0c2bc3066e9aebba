import { GatewayError } from '../../core/errors.ts';
import type { MediaOutput } from '../../core/media.ts';
import type { TranscriptFormat } from './parse-audio-request.ts';

type Segment = { id?: unknown; start: number; end: number; text: string };

/**
 * A transcript in the client's `response_format`: `json` `{text}`, `text`, `verbose_json`
 * `{task, language, duration, text, segments}`, or subtitles (`srt`, `vtt`) from the timed
 * segments (one cue spanning the audio when the provider gave none but a duration).
 */
export function renderTranscript(output: MediaOutput, format: TranscriptFormat, provider: string): { contentType: string; body: string } {
  const text = output.text ?? '';
  const data = output.data ?? {};
  const duration = typeof data.duration === 'number' ? data.duration : output.units.seconds;
  switch (format) {
    case 'json':
      return json({ text, ...usageOf(output) });
    case 'text':
      return { contentType: 'text/plain; charset=utf-8', body: `${text}\n` };
    case 'verbose_json':
      return json({ task: 'transcribe', language: typeof data.language === 'string' ? data.language : 'unknown', duration: duration ?? 0, text, segments: segmentsOf(output, duration) ?? [], ...usageOf(output) });
    case 'srt':
    case 'vtt': {
      const segments = segmentsOf(output, duration);
      if (!segments) throw GatewayError.unsupported(`Subtitles (response_format '${format}')`, provider, 'response_format');
      return format === 'srt'
        ? { contentType: 'text/plain; charset=utf-8', body: segments.map((s, i) => `${i + 1}\n${stamp(s.start, ',')} --> ${stamp(s.end, ',')}\n${s.text.trim()}\n`).join('\n') }
        : { contentType: 'text/vtt; charset=utf-8', body: `WEBVTT\n\n${segments.map((s) => `${stamp(s.start, '.')} --> ${stamp(s.end, '.')}\n${s.text.trim()}\n`).join('\n')}` };
    }
  }
}

function json(value: unknown): { contentType: string; body: string } {
  return { contentType: 'application/json', body: JSON.stringify(value) };
}

function usageOf(output: MediaOutput): Record<string, unknown> {
  const { units } = output;
  if (units.inputTokens !== undefined) return { usage: { type: 'tokens', input_tokens: units.inputTokens, output_tokens: units.outputTokens ?? 0, total_tokens: units.inputTokens + (units.outputTokens ?? 0) } };
  if (units.seconds !== undefined) return { usage: { type: 'duration', seconds: Math.ceil(units.seconds) } };
  return {};
}

function segmentsOf(output: MediaOutput, duration: number | undefined): Segment[] | undefined {
  const raw = output.data?.segments;
  if (Array.isArray(raw) && raw.length > 0) {
    return raw.flatMap((s: { id?: unknown; start?: unknown; end?: unknown; text?: unknown }) =>
      typeof s?.start === 'number' && typeof s.end === 'number' && typeof s.text === 'string' ? [{ id: s.id, start: s.start, end: s.end, text: s.text }] : [],
    );
  }
  return duration !== undefined ? [{ id: 0, start: 0, end: duration, text: output.text ?? '' }] : undefined;
}

/** `HH:MM:SS,mmm` (srt) or `HH:MM:SS.mmm` (vtt). */
function stamp(seconds: number, separator: ',' | '.'): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${separator}${pad(ms % 1000, 3)}`;
}
