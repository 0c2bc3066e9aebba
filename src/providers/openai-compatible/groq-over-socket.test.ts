import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { collectStream } from '../../core/collect-stream.ts';
import { readChunkLines } from '../../testing/recorded-fixtures.ts';
import { findProvider } from '../provider-table.ts';

// Recorded Groq stream (vercel/ai), one chunk per line; served back as the SSE it came from.
const chunks = readChunkLines('groq/stream-text.chunks.txt');

type Seen = { method?: string; url?: string; headers: IncomingMessage['headers']; body: string };
let server: Server;
let baseUrl: string;
const seen: Seen = { headers: {}, body: '' };

before(async () => {
  server = createServer(async (req, res) => {
    let body = '';
    for await (const piece of req) body += piece;
    Object.assign(seen, { method: req.method, url: req.url, headers: req.headers, body });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    // One write per event, then [DONE], as Groq sends them.
    for (const line of chunks) {
      res.write(`data: ${line}\n\n`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    res.end('data: [DONE]\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/openai/v1`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('the groq row talks to a server posing as Groq over a real socket and parses its stream', async () => {
  const groq = findProvider('groq')!;
  const settings = groq.settingsFromEnv({ GROQ_API_KEY: 'gsk-socket', GROQ_BASE_URL: baseUrl })!;
  const adapter = groq.adapterFor('llama-3.3-70b-versatile');
  const upstream = await adapter.buildRequest(
    { model: 'meta-llama/llama-3.3-70b-instruct', stream: true, messages: [{ role: 'user', content: [{ type: 'text', text: 'Introduce yourself.' }] }] },
    'llama-3.3-70b-versatile',
    settings,
  );

  const response = await request(upstream.url, { method: upstream.method, headers: upstream.headers, body: upstream.body });
  assert.equal(response.statusCode, 200);
  const collected = await collectStream(adapter.parseStream(response.body));

  assert.equal(seen.method, 'POST');
  assert.equal(seen.url, '/openai/v1/chat/completions');
  assert.equal(seen.headers.authorization, 'Bearer gsk-socket');
  assert.deepEqual(JSON.parse(seen.body).stream_options, { include_usage: true });

  const text = collected.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
  const expected = chunks.map((line) => JSON.parse(line).choices[0]?.delta?.content ?? '').join('');
  assert.equal(text, expected);
  assert.ok(text.startsWith('Introducing'), text.slice(0, 40));
  assert.equal(collected.id, 'chatcmpl-7eb08824-fb8d-47af-a1f0-3aa786f2d1f3');
  assert.equal(collected.model, 'llama-3.3-70b-versatile');
  assert.equal(collected.finishReason, 'stop');
  assert.equal(collected.usage.inputTokens, 45);
  assert.equal(collected.usage.outputTokens, 662);
});
