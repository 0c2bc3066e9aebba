export { parseSpeechRequest, parseTranscriptionRequest, type TranscriptFormat } from './parse-audio-request.ts';
export { renderTranscript } from './render-transcript.ts';
