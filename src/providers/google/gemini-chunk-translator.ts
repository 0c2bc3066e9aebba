import { GatewayError } from '../../core/errors.ts';
import type { StreamEvent } from '../../core/events.ts';
import { randomId } from '../../core/ids.ts';
import type { GeminiErrorBody, GeminiGenerateContentResponse, GeminiPart, GeminiUsageMetadata } from '../../wire/gemini.ts';
import { PartialArgsAssembler } from './assemble-partial-args.ts';
import { convertGeminiUsage, hasTokenCounts } from './convert-gemini-usage.ts';
import { blockedPromptFinishReason, mapGeminiFinishReason } from './map-gemini-finish-reason.ts';
import { geminiErrorFromBody, isGeminiErrorBody } from './parse-gemini-error.ts';

/** One Gemini response chunk, or an error object the API put in the stream instead. */
export type GeminiChunk = GeminiGenerateContentResponse | GeminiErrorBody;

/**
 * Turns Gemini response chunks (a whole response is one chunk) into canonical events.
 * Stateful: usage is cumulative per chunk (the latest wins, reported once at the end), tool
 * calls are numbered across chunks, and a call streamed with `partialArgs` stays open until
 * its closing `functionCall: {}`. Only candidate 0 is read: we never ask for more.
 */
export class GeminiChunkTranslator {
  private started = false;
  private done = false;
  private toolCount = 0;
  private openCall: { index: number; assembler: PartialArgsAssembler } | undefined;
  private usage: GeminiUsageMetadata | undefined;
  private finishReason: string | undefined;
  private blockReason: string | undefined;

  push(chunk: GeminiChunk): StreamEvent[] {
    if (this.done) return [];
    if (isGeminiErrorBody(chunk)) {
      this.done = true;
      return [{ type: 'error', error: geminiErrorFromBody(chunk.error.code, chunk) }];
    }
    const events: StreamEvent[] = [];
    if (!this.started) {
      this.started = true;
      const created = chunk.createTime !== undefined ? Date.parse(chunk.createTime) : Number.NaN;
      events.push({
        type: 'start',
        id: chunk.responseId ?? randomId('gemini-'),
        model: chunk.modelVersion ?? '',
        created: Math.floor((Number.isNaN(created) ? Date.now() : created) / 1000),
      });
    }
    if (hasTokenCounts(chunk.usageMetadata)) this.usage = chunk.usageMetadata;
    if (chunk.promptFeedback?.blockReason !== undefined) this.blockReason = chunk.promptFeedback.blockReason;
    const candidate = chunk.candidates?.[0];
    for (const part of candidate?.content?.parts ?? []) this.translatePart(part, events);
    if (candidate?.finishReason !== undefined) this.finishReason = candidate.finishReason;
    return events;
  }

  /** Closing events once the body has ended: usage, then exactly one finish or error. */
  end(): StreamEvent[] {
    if (this.done) return [];
    this.done = true;
    const events: StreamEvent[] = [];
    this.closeOpenCall(events);
    if (!this.started) return [{ type: 'error', error: truncated('Gemini returned an empty response.') }];
    if (this.usage) events.push({ type: 'usage', usage: convertGeminiUsage(this.usage) });
    if (this.finishReason !== undefined) {
      events.push({ type: 'finish', reason: mapGeminiFinishReason(this.finishReason, this.toolCount > 0) });
    } else if (this.blockReason !== undefined) {
      events.push({ type: 'finish', reason: blockedPromptFinishReason });
    } else {
      events.push({ type: 'error', error: truncated('Gemini stream ended without a finish reason.') });
    }
    return events;
  }

  private translatePart(part: GeminiPart, events: StreamEvent[]): void {
    if (part.functionCall !== undefined) {
      this.translateFunctionCall(part, events);
      return;
    }
    if (part.text !== undefined && part.text !== '') {
      events.push(part.thought ? { type: 'reasoning_delta', text: part.text } : { type: 'text_delta', text: part.text });
    }
    // Gemini 3 puts signatures on text parts too, often an empty one at the end of a stream (stream-text.chunks.txt).
    if (part.thoughtSignature !== undefined) events.push({ type: 'reasoning_signature', signature: part.thoughtSignature });
    // inlineData / executableCode / codeExecutionResult output has no canonical form yet and is skipped.
  }

  private translateFunctionCall(part: GeminiPart, events: StreamEvent[]): void {
    const call = part.functionCall!;
    if (call.name === undefined) {
      // Continuation or closing piece of a streamed call (stream-function-call-partial-args.chunks.txt).
      if (!this.openCall) return;
      for (const piece of call.partialArgs ?? []) this.openCall.assembler.add(piece);
      if (!call.willContinue) this.closeOpenCall(events);
      return;
    }
    this.closeOpenCall(events);
    const index = this.toolCount++;
    events.push({
      type: 'tool_call_start',
      index,
      // The Developer API gives calls no id; results are matched back by name.
      id: call.id ?? randomId('call_'),
      name: call.name,
      ...(part.thoughtSignature !== undefined ? { signature: part.thoughtSignature } : {}),
    });
    if (call.willContinue) {
      const assembler = new PartialArgsAssembler();
      for (const piece of call.partialArgs ?? []) assembler.add(piece);
      this.openCall = { index, assembler };
    } else {
      events.push({ type: 'tool_call_delta', index, arguments: JSON.stringify(call.args ?? {}) });
    }
  }

  private closeOpenCall(events: StreamEvent[]): void {
    if (!this.openCall) return;
    events.push({ type: 'tool_call_delta', index: this.openCall.index, arguments: JSON.stringify(this.openCall.assembler.args) });
    this.openCall = undefined;
  }
}

function truncated(message: string): GatewayError {
  return new GatewayError({ status: 502, code: 'upstream_error', message });
}
