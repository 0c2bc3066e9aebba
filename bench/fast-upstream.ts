import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The minimal upstream every benchmark path talks to: OpenAI Chat Completions at
 * `/openai/v1/chat/completions` and Anthropic Messages at `/anthropic/v1/messages`, JSON or
 * SSE, with no artificial latency. It reads the whole request but does not parse it: a regex
 * finds `"stream":true` and the model, so a 1 MB prompt costs the upstream a scan, not a
 * JSON.parse, and the upstream stays out of the way of what we measure (the gateway in front).
 *
 * A model name ending in `-c<N>` streams N content chunks (the chunk-count curve).
 * A model name ending in `-slow` streams one chunk per `slowChunkDelayMs` (100 chunks), for
 * holding many streams open at once; otherwise streams send `streamChunks` content chunks,
 * yielding to the event loop between chunks so they leave as separate writes, as tokens do.
 */
export type FastUpstreamOptions = { port?: number; streamChunks?: number; slowChunkDelayMs?: number };

export type FastUpstream = { url: string; port: number; close(): Promise<void> };

const streamFlag = /"stream"\s*:\s*true/;
const modelField = /"model"\s*:\s*"([^"\\]*)"/;
const chunkCount = /-c(\d+)$/;
const token = 'tok ';

export async function startFastUpstream(options: FastUpstreamOptions = {}): Promise<FastUpstream> {
  const chunks = options.streamChunks ?? 100;
  const slowDelay = options.slowChunkDelayMs ?? 1000;
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const body = Buffer.concat(parts).toString('latin1');
      const model = modelField.exec(body)?.[1] ?? 'unknown';
      const stream = streamFlag.test(body);
      const slow = model.endsWith('-slow');
      const count = Number(chunkCount.exec(model)?.[1] ?? chunks);
      if (req.method !== 'POST') return notFound(res);
      if (req.url === '/openai/v1/chat/completions') return stream ? openAiStream(res, model, body, slow ? slowDelay : 0, count) : openAiJson(res, model);
      if (req.url === '/anthropic/v1/messages') return stream ? anthropicStream(res, model, slow ? slowDelay : 0, chunks) : anthropicJson(res, model);
      notFound(res);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found","type":"invalid_request_error"}}');
}

function openAiJson(res: ServerResponse, model: string): void {
  const body = JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1700000000,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the fast upstream.', refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 },
  });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-request-id': 'req_bench' }).end(body);
}

function anthropicJson(res: ServerResponse, model: string): void {
  const body = JSON.stringify({
    id: 'msg_bench',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: 'Hello from the fast upstream.' }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 12, output_tokens: 7 },
  });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'request-id': 'req_bench' }).end(body);
}

function openAiStream(res: ServerResponse, model: string, requestBody: string, delayMs: number, count: number): void {
  const head = `{"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":${JSON.stringify(model)},"system_fingerprint":null,"choices":[`;
  const frames = [`data: ${head}{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n`];
  for (let i = 0; i < count; i++) frames.push(`data: ${head}{"index":0,"delta":{"content":"${token}"},"logprobs":null,"finish_reason":null}]}\n\n`);
  frames.push(`data: ${head}{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}\n\n`);
  if (requestBody.includes('"include_usage":true')) {
    frames.push(`data: ${head}],"usage":{"prompt_tokens":12,"completion_tokens":${count},"total_tokens":${12 + count}}}\n\n`);
  }
  frames.push('data: [DONE]\n\n');
  sendFrames(res, frames, delayMs);
}

function anthropicStream(res: ServerResponse, model: string, delayMs: number, count: number): void {
  const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  const frames = [
    frame('message_start', {
      type: 'message_start',
      message: { id: 'msg_bench', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 12, output_tokens: 1 } },
    }),
    frame('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    frame('ping', { type: 'ping' }),
  ];
  const delta = frame('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: token } });
  for (let i = 0; i < count; i++) frames.push(delta);
  frames.push(
    frame('content_block_stop', { type: 'content_block_stop', index: 0 }),
    frame('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: count } }),
    frame('message_stop', { type: 'message_stop' }),
  );
  sendFrames(res, frames, delayMs);
}

/** Writes SSE frames one per event-loop turn (or one per `delayMs`), stopping if the client leaves. */
function sendFrames(res: ServerResponse, frames: string[], delayMs: number): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  let next = 0;
  let closed = false;
  res.on('close', () => (closed = true));
  const step = () => {
    if (closed) return;
    res.write(frames[next++]);
    if (next === frames.length) return void res.end();
    if (delayMs > 0) setTimeout(step, delayMs);
    else setImmediate(step);
  };
  step();
}

/** Run as a child process: prints `{"url": ...}` on stdout once listening. */
async function runAsChild(argv: string[]): Promise<void> {
  const flag = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? Number(argv[index + 1]) : undefined;
  };
  const upstream = await startFastUpstream({ port: flag('port'), streamChunks: flag('chunks'), slowChunkDelayMs: flag('slow-delay') });
  process.stdout.write(`${JSON.stringify({ url: upstream.url })}\n`);
  process.once('SIGTERM', () => void upstream.close().then(() => process.exit(0)));
}

if (import.meta.main) await runAsChild(process.argv.slice(2));

