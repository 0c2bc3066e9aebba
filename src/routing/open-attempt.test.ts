import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CanonicalRequest } from '../core/request.ts';
import type { StreamEvent } from '../core/events.ts';
import { findProvider } from '../providers/provider-table.ts';
import { openEvents } from './open-attempt.ts';
import type { RouteTarget } from './resolve-targets.ts';
import { UpstreamClient } from './upstream-client.ts';

/**
 * A real SSE server in OpenAI's or Anthropic's format: `chunks` text events 5 ms apart, then the
 * answer's end ([DONE], or message_stop), and the end of the body 20 ms later, as a provider's
 * last bytes can trail its last event.
 */
function startSseServer(format: 'openai' | 'anthropic', chunks: number): Promise<{ server: Server; url: string; connections: () => number; closedEarly: () => number }> {
  let connections = 0;
  let closedEarly = 0;
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const data = (body: unknown) => res.write(`data: ${JSON.stringify(body)}\n\n`);
    const named = (type: string, body: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...body })}\n\n`);
    const chunk = (delta: unknown, finish: string | null = null) =>
      data({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finish }] });
    let sent = 0;
    res.on('close', () => {
      if (!res.writableFinished) closedEarly++;
    });
    if (format === 'anthropic') {
      named('message_start', { message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], stop_reason: null, usage: { input_tokens: 3, output_tokens: 1 } } });
      named('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    }
    const timer = setInterval(() => {
      if (res.destroyed) return clearInterval(timer);
      if (sent < chunks) {
        const text = `t${sent++} `;
        if (format === 'openai') chunk({ content: text });
        else named('content_block_delta', { index: 0, delta: { type: 'text_delta', text } });
        return;
      }
      clearInterval(timer);
      if (format === 'openai') {
        chunk({}, 'stop');
        data({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: 3, completion_tokens: chunks, total_tokens: 3 + chunks } });
        res.write('data: [DONE]\n\n');
      } else {
        named('content_block_stop', { index: 0 });
        named('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: chunks } });
        named('message_stop', {});
      }
      setTimeout(() => res.end(), 20);
    }, 5);
  });
  server.on('connection', () => connections++);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections, closedEarly: () => closedEarly })),
  );
}

const request: CanonicalRequest = { model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] };

/** Reads events until `stop` says so, then leaves the loop, as a renderer does after `finish`. */
async function readUntil(items: AsyncIterable<StreamEvent>, stop: (event: StreamEvent) => boolean): Promise<StreamEvent[]> {
  const seen: StreamEvent[] = [];
  for await (const event of items) {
    seen.push(event);
    if (stop(event)) break;
  }
  return seen;
}

for (const format of ['openai', 'anthropic'] as const) {
  describe(`openEvents (${format}): what a consumer that stops early does to the upstream request`, () => {
    let upstream: Awaited<ReturnType<typeof startSseServer>>;
    let client: UpstreamClient;
    let target: RouteTarget;
    before(async () => {
      upstream = await startSseServer(format, 3);
      client = new UpstreamClient();
      const provider = findProvider(format)!;
      const upstreamModel = format === 'openai' ? 'gpt-4o-mini' : 'claude-sonnet-4-5';
      const baseUrl = format === 'openai' ? `${upstream.url}/v1` : upstream.url;
      target = { provider, adapter: provider.adapterFor(upstreamModel), settings: { id: format, baseUrl, apiKey: 'sk-test' }, upstreamModel };
    });
    after(async () => {
      await client.close();
      upstream.server.closeAllConnections();
      await new Promise((resolve) => upstream.server.close(resolve));
    });
    const limits = { firstByteMs: 5000, idleMs: 5000 };

    test('stopping right after `finish` leaves the request to end on its own: one connection serves three streams', async () => {
      const before = upstream.connections();
      for (let i = 0; i < 3; i++) {
        const opened = await openEvents(target, request, { upstream: client, limits });
        const events = await readUntil(opened.items, (event) => event.type === 'finish');
        assert.equal(events.at(-1)?.type, 'finish');
        // The body's end is read in the background; give it the moment it needs.
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      assert.equal(upstream.connections() - before, 1);
      assert.equal(upstream.closedEarly(), 0);
    });

    test('stopping before `finish` stops the upstream request at once', async () => {
      const opened = await openEvents(target, request, { upstream: client, limits });
      await readUntil(opened.items, (event) => event.type === 'text_delta');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(upstream.closedEarly(), 1);
    });
  });
}
