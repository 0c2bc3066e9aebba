import { randomUUID } from 'node:crypto';
import type { ReplyFinish, ReplyPlan } from '../plan-reply.ts';
import { chunkText } from '../tokens.ts';
import { eventFrame } from './event-frames.ts';

type Json = Record<string, unknown>;

const stopReasons: Record<ReplyFinish, string> = { stop: 'end_turn', stop_sequence: 'stop_sequence', length: 'max_tokens', tool_calls: 'tool_use' };

type Block =
  | { kind: 'reasoning'; text: string; signature: string }
  | { kind: 'text'; text: string }
  | { kind: 'tool'; toolUseId: string; name: string; input: Record<string, unknown> };

function blocksOf(plan: ReplyPlan): Block[] {
  const blocks: Block[] = [];
  if (plan.thinking) blocks.push({ kind: 'reasoning', text: plan.thinking.text, signature: plan.thinking.signature });
  if (plan.text !== undefined) blocks.push({ kind: 'text', text: plan.text });
  for (const call of plan.toolCalls) blocks.push({ kind: 'tool', toolUseId: `tooluse_${randomUUID().replaceAll('-', '').slice(0, 22)}`, name: call.name, input: call.arguments });
  return blocks;
}

/** Converse usage: `inputTokens` excludes cache reads and writes (usage-cache-write-and-read.vcr.yaml). */
function usageOf(plan: ReplyPlan): Json {
  const { input, output, cacheRead, cacheWrite } = plan.usage;
  const uncached = input - cacheRead - cacheWrite;
  return {
    inputTokens: uncached,
    outputTokens: output,
    totalTokens: input + output,
    ...(cacheRead + cacheWrite > 0 ? { cacheReadInputTokens: cacheRead, cacheWriteInputTokens: cacheWrite } : {}),
  };
}

/** Claude on Bedrock names the matched stop sequence in the model's own fields. */
function responseFields(plan: ReplyPlan): Json {
  return plan.stopSequence !== undefined ? { additionalModelResponseFields: { stop_sequence: plan.stopSequence } } : {};
}

/** The Converse response body for a planned reply. */
export function renderConverseJson(plan: ReplyPlan): Json {
  const content = blocksOf(plan).map((block) =>
    block.kind === 'reasoning' ? { reasoningContent: { reasoningText: { text: block.text, signature: block.signature } } }
    : block.kind === 'text' ? { text: block.text }
    : { toolUse: { toolUseId: block.toolUseId, name: block.name, input: block.input } },
  );
  return {
    metrics: { latencyMs: 1 },
    output: { message: { content, role: 'assistant' } },
    stopReason: stopReasons[plan.finish],
    usage: usageOf(plan),
    ...responseFields(plan),
  };
}

/**
 * The ConverseStream frames for a planned reply, in the order Bedrock sends them: messageStart,
 * blocks (toolUse opens with contentBlockStart; text and reasoning do not), messageStop, then
 * metadata with the usage (converse-stream-tool-use-nova.eventstream.bin).
 */
export function* renderConverseStream(plan: ReplyPlan): Generator<Uint8Array> {
  yield eventFrame('messageStart', { role: 'assistant' });
  for (const [contentBlockIndex, block] of blocksOf(plan).entries()) {
    if (block.kind === 'reasoning') {
      for (const text of chunkText(block.text)) yield eventFrame('contentBlockDelta', { contentBlockIndex, delta: { reasoningContent: { text } } });
      yield eventFrame('contentBlockDelta', { contentBlockIndex, delta: { reasoningContent: { signature: block.signature } } });
    } else if (block.kind === 'text') {
      for (const text of chunkText(block.text)) yield eventFrame('contentBlockDelta', { contentBlockIndex, delta: { text } });
    } else {
      yield eventFrame('contentBlockStart', { contentBlockIndex, start: { toolUse: { toolUseId: block.toolUseId, name: block.name } } });
      for (const input of chunkText(JSON.stringify(block.input))) yield eventFrame('contentBlockDelta', { contentBlockIndex, delta: { toolUse: { input } } });
    }
    yield eventFrame('contentBlockStop', { contentBlockIndex });
  }
  yield eventFrame('messageStop', { stopReason: stopReasons[plan.finish], ...responseFields(plan) });
  yield eventFrame('metadata', { metrics: { latencyMs: 1 }, usage: usageOf(plan) });
}
