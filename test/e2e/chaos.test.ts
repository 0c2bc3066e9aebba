import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startStack, type Stack } from './stack.ts';
import { writeTestCatalog } from './test-catalog.ts';
import { CONTINUE_INSTRUCTION } from '../../src/routing/continuation-request.ts';

/**
 * Chaos: half of all provider calls fail in random ways (429, 500, 529, connections cut
 * before or during the answer, stalls past the timeouts) while an agent-like client runs
 * 200 three-turn conversations, 50 at a time, through the official openai SDK with its own
 * retries off. Every conversation must complete. The figures it prints are the ones quoted in
 * docs/reliability.md.
 */
const conversations = 200;
const batchSize = 50;
const faultsPerBatch = 700;

const weatherTool: OpenAI.Chat.ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

type Fault = Record<string, number>;
/** Half the calls: no fault; the other half, one failure drawn at random. */
function randomFault(random: () => number): Fault {
  if (random() < 0.5) return {};
  const kinds: Array<() => Fault> = [
    () => ({ status: 429 }),
    () => ({ status: 500 }),
    () => ({ status: 529 }),
    () => ({ cut_after_events: 0 }),
    () => ({ cut_after_events: 1 + Math.floor(random() * 5), token_delay_ms: 2 }),
    () => ({ stall_ms: 1000 }),
    () => ({ stall_after_events: 1 + Math.floor(random() * 4), stall_ms: 1000 }),
  ];
  return kinds[Math.floor(random() * kinds.length)]();
}

/** A small seeded generator (mulberry32), so a failing run can be replayed. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Sample = { attempts: number; ms: number; stream: boolean; continued: boolean };

/**
 * Each call fails with probability ½ whatever came before, so a request fails outright only
 * when every attempt it may make fails: 2⁻¹² per request with 12 attempts, which over ~600
 * requests is ~14 % of runs (seen: a stream whose 12 attempts, legs included, all failed, the
 * gateway doing what it was configured to). 24 attempts make it ~4·10⁻⁵ per run, so a failure
 * here means the gateway lost a conversation, not that the dice did.
 */
const maxAttempts = 24;

let stack: Stack;
let client: OpenAI;
before(async () => {
  stack = await startStack({
    catalogDir: writeTestCatalog(),
    reliability: { firstByteTimeoutMs: 300, responseTimeoutMs: 300, idleTimeoutMs: 300, maxAttempts, maxAttemptsCap: maxAttempts, backoffBaseMs: 20, backoffCapMs: 200, breaker: { coolDownMs: 500 } },
  });
  client = new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: 'local', maxRetries: 0, timeout: 30_000 });
});
after(() => stack.close());

async function turn(samples: Sample[], messages: OpenAI.Chat.ChatCompletionMessageParam[], options: { stream: boolean; tools?: boolean }): Promise<OpenAI.Chat.ChatCompletionMessage> {
  const started = performance.now();
  const last = messages.at(-1)!;
  const expected = last.role === 'tool' ? `Results: ${last.content}` : `Echo: ${last.content}`;
  const body = { model: 'test/multi', messages, ...(options.tools ? { tools: [weatherTool] } : {}) };
  if (!options.stream) {
    const { data, response } = await client.chat.completions.create(body).withResponse();
    samples.push({ attempts: Number(response.headers.get('x-switchyard-attempts')), ms: performance.now() - started, stream: false, continued: false });
    const message = data.choices[0].message;
    if (!message.tool_calls) assert.equal(message.content, expected);
    return message;
  }
  const { data: stream, response } = await client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }).withResponse();
  let text = '';
  const finishes: string[] = [];
  for await (const chunk of stream) {
    if (chunk.choices[0]?.delta.content) text += chunk.choices[0].delta.content;
    if (chunk.choices[0]?.finish_reason) finishes.push(chunk.choices[0].finish_reason);
  }
  assert.deepEqual(finishes, ['stop']);
  // A continued stream is the first leg's text followed by the next provider's whole answer: the
  // emulator echoes rather than continues (an OpenAI-format target echoes the instruction).
  assert.ok(text.endsWith(expected) || text.endsWith(`Echo: ${CONTINUE_INSTRUCTION}`), `unexpected stream text ${JSON.stringify(text)}`);
  samples.push({ attempts: Number(response.headers.get('x-switchyard-attempts')), ms: performance.now() - started, stream: true, continued: text !== expected });
  return { role: 'assistant', content: text, refusal: null };
}

/** Three turns; every fourth conversation calls a tool first, every other one streams its text turns. */
async function conversation(index: number, samples: Sample[]): Promise<void> {
  const stream = index % 2 === 0;
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'system', content: 'You are a terse travel agent.' }];
  if (index % 4 === 1) {
    messages.push({ role: 'user', content: `Conversation ${index}: what is the weather in Paris?` });
    const call = await turn(samples, messages, { stream: false, tools: true });
    const toolCall = call.tool_calls?.[0] as OpenAI.Chat.ChatCompletionMessageFunctionToolCall | undefined;
    assert.equal(toolCall?.function.name, 'get_weather');
    messages.push(call, { role: 'tool', tool_call_id: toolCall!.id, content: 'sunny, 21C' });
    messages.push(await turn(samples, messages, { stream: false, tools: true }));
  } else {
    for (const question of ['Plan a trip to Lyon', 'Add a day in Annecy']) {
      messages.push({ role: 'user', content: `Conversation ${index}: ${question}` });
      messages.push(await turn(samples, messages, { stream }));
    }
  }
  messages.push({ role: 'user', content: `Conversation ${index}: thanks, book it` });
  await turn(samples, messages, { stream });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor((sorted.length - 1) / 2)];
};

test('200 agent conversations complete while half the provider calls fail', { timeout: 60_000 }, async () => {
  const random = seeded(20250101);
  const samples: Sample[] = [];
  let completed = 0;
  let upstreamCalls = 0;
  let failedCalls = 0;
  const started = performance.now();
  for (let batch = 0; batch < conversations / batchSize; batch++) {
    const faults = Array.from({ length: faultsPerBatch }, () => randomFault(random));
    // Queued in order: every call takes the oldest fault, so the first N faults are exactly the N calls' fates.
    for (let i = 0; i < faults.length; i += 100) {
      await Promise.all(faults.slice(i, i + 100).map((fault, j) => stack.control('POST', 'faults', { fault, times: 1 }).then(() => j)));
    }
    const outcomes = await Promise.allSettled(Array.from({ length: batchSize }, (_, i) => conversation(batch * batchSize + i, samples)));
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') completed++;
      else console.log('conversation failed:', outcome.reason);
    }
    const { queued } = (await stack.control('GET', 'faults')) as { queued: unknown[] };
    assert.ok(queued.length > 0, 'the fault queue never ran dry');
    const consumed = faults.length - queued.length;
    upstreamCalls += consumed;
    failedCalls += faults.slice(0, consumed).filter((fault) => Object.keys(fault).length > 0).length;
    await stack.control('DELETE', 'faults');
  }
  const seconds = (performance.now() - started) / 1000;

  const byAttempts = new Map<number, number[]>();
  for (const sample of samples.filter((s) => !s.continued)) byAttempts.set(sample.attempts, [...(byAttempts.get(sample.attempts) ?? []), sample.ms]);
  const base = median(byAttempts.get(1) ?? []);
  const rows = [...byAttempts.entries()].sort(([a], [b]) => a - b).map(([attempts, ms]) => ({
    attempts,
    requests: ms.length,
    p50Ms: Math.round(median(ms)),
    addedPerFailoverMs: attempts > 1 ? Math.round((median(ms) - base) / (attempts - 1)) : 0,
  }));
  const continued = samples.filter((s) => s.continued).length;
  const perFailover = median(samples.filter((s) => !s.continued && s.attempts > 1).map((s) => (s.ms - base) / (s.attempts - 1)));
  console.log(
    `chaos: ${completed}/${conversations} conversations completed (${((100 * completed) / conversations).toFixed(1)}%), ` +
      `${samples.length} requests, ${upstreamCalls} upstream calls of which ${failedCalls} failed (${((100 * failedCalls) / upstreamCalls).toFixed(1)}%), ` +
      `${continued} streams continued mid-way, ${seconds.toFixed(1)} s; ` +
      `p50 of a first-try request ${Math.round(base)} ms, added per failover (median) ${Math.round(perFailover)} ms`,
  );
  console.table(rows);
  assert.equal(completed, conversations);
});
