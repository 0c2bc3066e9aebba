import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { startGateway, type RunningGateway } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load-config.ts';

// A real Anthropic thinking stream (with "é", two bytes in UTF-8), relayed by an upstream that
// writes it a few bytes at a time, so chunk boundaries fall mid character and mid event.
const recorded = readFileSync(new URL('../../../shared/fixtures/anthropic/stream-thinking.sse.txt', import.meta.url));
const deltas = recorded
  .toString('utf8')
  .split('\n')
  .filter((line) => line.startsWith('data: '))
  .map((line) => JSON.parse(line.slice(6)) as { type: string; delta?: { type: string; text?: string; thinking?: string } });
const expectedText = deltas.map((event) => (event.delta?.type === 'text_delta' ? event.delta.text : '')).join('');
const expectedThinking = deltas.map((event) => (event.delta?.type === 'thinking_delta' ? event.delta.thinking : '')).join('');

let upstream: Server;
let gateway: RunningGateway;
let pieceSize = 1;

before(async () => {
  upstream = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let offset = 0; offset < recorded.length; offset += pieceSize) {
        res.write(recorded.subarray(offset, offset + pieceSize));
        await new Promise((resolve) => setImmediate(resolve));
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const { port } = upstream.address() as AddressInfo;
  const env = { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}`, DATABASE_URL: ':memory:' };
  gateway = await startGateway(loadConfig({ env, overrides: { port: 0, host: '127.0.0.1' } }));
});
after(async () => {
  await gateway.close();
  upstream.close();
});

test('a stream split at arbitrary byte boundaries reaches the client exactly', async () => {
  assert.ok(expectedText.includes('é') && expectedThinking.includes('é'), 'the recording has multi-byte characters');
  const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'local', maxRetries: 0 });
  for (const size of [1, 2, 3, 7]) {
    pieceSize = size;
    const stream = await client.chat.completions.create({
      model: 'anthropic/claude-sonnet-4-5',
      stream: true,
      reasoning_effort: 'low',
      messages: [{ role: 'user', content: 'Two names for a pet pelican, be brief' }],
    });
    let text = '';
    let thinking = '';
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { content?: string; reasoning_content?: string } | undefined;
      text += delta?.content ?? '';
      thinking += delta?.reasoning_content ?? '';
    }
    assert.equal(text, expectedText, `pieces of ${size} byte(s)`);
    assert.equal(thinking, expectedThinking, `pieces of ${size} byte(s)`);
  }
});
