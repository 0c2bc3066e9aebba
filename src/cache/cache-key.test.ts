import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openAiChatFormat } from '../api/openai-chat/index.ts';
import { anthropicMessagesFormat } from '../api/anthropic-messages/index.ts';
import { responseCacheKey } from './cache-key.ts';

const chat = (body: Record<string, unknown>) => openAiChatFormat.parseRequest({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], ...body });
const key = (request: ReturnType<typeof chat>, accountId = 'acct_1', formatId = 'openai-chat') => responseCacheKey({ accountId, formatId, request });

test('the same request spelled with another key order has the same key', () => {
  const a = openAiChatFormat.parseRequest({ model: 'openai/gpt-4o-mini', temperature: 0, messages: [{ role: 'user', content: 'Hi' }] });
  const b = openAiChatFormat.parseRequest({ messages: [{ content: 'Hi', role: 'user' }], temperature: 0, model: 'openai/gpt-4o-mini' });
  assert.equal(key(a), key(b));
  assert.match(key(a), /^[0-9a-f]{64}$/);
});

test('accounts, formats, the stream flag, the content and routing fields all change the key', () => {
  const base = key(chat({}));
  assert.notEqual(key(chat({}), 'acct_2'), base);
  assert.notEqual(key(chat({}), 'acct_1', 'openai-responses'), base);
  assert.notEqual(key(chat({ stream: true })), base);
  assert.notEqual(key(chat({ temperature: 0.5 })), base);
  assert.notEqual(responseCacheKey({ accountId: 'acct_1', formatId: 'openai-chat', request: chat({}), routing: { models: ['anthropic/claude-haiku-4.5'] } }), base);
});

test('render options are part of the key: include_usage changes what a stream sends', () => {
  assert.notEqual(key(chat({ stream: true })), key(chat({ stream: true, stream_options: { include_usage: true } })));
});

test('an Anthropic request keys differently from the same chat request', () => {
  const messages = anthropicMessagesFormat.parseRequest({ model: 'openai/gpt-4o-mini', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
  assert.notEqual(responseCacheKey({ accountId: 'acct_1', formatId: 'anthropic-messages', request: messages }), key(chat({ max_tokens: 100 })));
});
