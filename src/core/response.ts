import type { AssistantPart } from './message.ts';
import type { FinishReason } from './finish-reason.ts';
import type { Usage } from './usage.ts';

/** A whole (non-streamed) response, the fold of a stream's events. */
export type CanonicalResponse = {
  id: string;
  /** The model id the upstream reported (e.g. a dated snapshot). */
  model: string;
  created: number;
  content: AssistantPart[];
  finishReason: FinishReason;
  stopSequence?: string;
  usage: Usage;
};
