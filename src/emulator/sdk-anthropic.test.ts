import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { startEmulator, type Emulator } from './index.ts';

// The official Anthropic SDK, pointed at the emulator, proves it speaks Messages.

let emulator: Emulator;
let client: Anthropic;
before(async () => {
  emulator = await startEmulator();
  client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: `${emulator.url}/anthropic`, maxRetries: 0 });
});
after(() => emulator.close());

const model = 'claude-sonnet-4-5';

describe('@anthropic-ai/sdk against the emulator', () => {
  test('messages.create echoes the last user message', async () => {
    const message = await client.messages.create({ model, max_tokens: 100, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello world' }] });
    assert.deepEqual(message.content, [{ type: 'text', text: 'Echo: Hello world' }]);
    assert.equal(message.stop_reason, 'end_turn');
    assert.match(message.id, /^msg_/);
  });

  test('messages.stream delivers deltas and a final message', async () => {
    const stream = client.messages.stream({ model, max_tokens: 100, messages: [{ role: 'user', content: 'Hello world' }] });
    const deltas: string[] = [];
    stream.on('text', (text) => deltas.push(text));
    const message = await stream.finalMessage();
    assert.ok(deltas.length > 3);
    assert.equal(deltas.join(''), 'Echo: Hello world');
    assert.equal(message.usage.output_tokens, 5);
  });

  test('thinking comes first with a signature that must round-trip unchanged', async () => {
    const thinking = { type: 'enabled', budget_tokens: 1024 } as const;
    const first = await client.messages.stream({ model, max_tokens: 2000, thinking, messages: [{ role: 'user', content: 'What is 2+2?' }] }).finalMessage();
    const block = first.content[0];
    assert.ok(block.type === 'thinking');
    assert.equal(block.thinking, 'Thinking about: What is 2+2?');
    assert.ok(block.signature.length > 20);

    const followUp = (signature: string) =>
      client.messages.create({
        model, max_tokens: 2000, thinking,
        messages: [
          { role: 'user', content: 'What is 2+2?' },
          { role: 'assistant', content: [{ ...block, signature }, ...first.content.slice(1)] },
          { role: 'user', content: 'And 3+3?' },
        ],
      });
    assert.equal((await followUp(block.signature)).content[1].type, 'text');
    const rejected = await followUp('forged').catch((e: unknown) => e);
    assert.ok(rejected instanceof Anthropic.BadRequestError);
    assert.match(rejected.message, /Invalid `signature` in `thinking` block/);
  });

  test('tool use: the first tool is called with schema-made input, then results come back as text', async () => {
    const tools: Anthropic.Tool[] = [{ name: 'lookup', input_schema: { type: 'object', properties: { query: { type: 'string' }, exact: { type: 'boolean' } }, required: ['query', 'exact'] } }];
    const message = await client.messages.create({ model, max_tokens: 100, tools, messages: [{ role: 'user', content: 'find cats' }] });
    const use = message.content[0];
    assert.equal(message.stop_reason, 'tool_use');
    assert.ok(use.type === 'tool_use');
    assert.deepEqual([use.name, use.input], ['lookup', { query: 'example', exact: true }]);
    const answer = await client.messages.create({
      model, max_tokens: 100, tools,
      messages: [
        { role: 'user', content: 'find cats' },
        { role: 'assistant', content: message.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '3 cats' }] },
      ],
    });
    assert.deepEqual(answer.content, [{ type: 'text', text: 'Results: 3 cats' }]);
  });

  test('an overloaded upstream surfaces as APIError 529 with overloaded_error', async () => {
    const error = await client.messages
      .create({ model, max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }, { headers: { 'x-emulator-fault': 'status=529' } })
      .catch((e: unknown) => e);
    assert.ok(error instanceof Anthropic.APIError);
    assert.equal(error.status, 529);
    assert.equal((error.error as { error?: { type?: string } }).error?.type, 'overloaded_error');
  });

  test('an in-band stream error rejects the final message', async () => {
    const stream = client.messages.stream({ model, max_tokens: 100, messages: [{ role: 'user', content: 'Hello world' }] }, { headers: { 'x-emulator-fault': 'error_after_events=3' } });
    await assert.rejects(stream.finalMessage(), /Overloaded/);
  });
});
