import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { splitSseFrames } from '../../src/streams/split-sse-frames.ts';
import { readEventId } from '../../src/streams/sse-frame-id.ts';
import type { Stack } from './stack.ts';

/** The frames of an SSE response; with `limit`, stops after that many and drops the connection. */
export async function readFrames(response: Response, options: { limit?: number; abort?: AbortController } = {}): Promise<string[]> {
  const frames: string[] = [];
  for await (const frame of splitSseFrames(response.body as AsyncIterable<Uint8Array>)) {
    frames.push(frame);
    if (options.limit !== undefined && frames.length >= options.limit) break;
  }
  options.abort?.abort();
  return frames;
}

/** Every frame until the stream ends; `cleanEnd` is false when the connection broke instead. */
export async function followToEnd(response: Response): Promise<{ frames: string[]; cleanEnd: boolean }> {
  const frames: string[] = [];
  try {
    for await (const frame of splitSseFrames(response.body as AsyncIterable<Uint8Array>)) frames.push(frame);
    return { frames, cleanEnd: true };
  } catch {
    return { frames, cleanEnd: false };
  }
}

/** The `id:` of each frame, as numbers. */
export const frameIds = (frames: string[]) => frames.map((frame) => Number(readEventId(frame)));

/** The text an OpenAI chat stream spells out. */
export function chatText(frames: string[]): string {
  let text = '';
  for (const frame of frames) {
    const data = /^data: (.*)$/m.exec(frame)?.[1];
    if (!data || data === '[DONE]') continue;
    const chunk = JSON.parse(data) as { choices?: Array<{ delta?: { content?: string } }> };
    text += chunk.choices?.[0]?.delta?.content ?? '';
  }
  return text;
}

/** How many requests reached the emulated providers: one per inference, however many readers. */
export async function upstreamCalls(stack: Stack): Promise<number> {
  const { requests } = (await stack.control('GET', 'requests')) as { requests: unknown[] };
  return requests.length;
}

/**
 * A TCP proxy in front of the gateway that cuts the first connection after `cutAfterBytes`
 * bytes of response, mid-frame most likely, as a flaky network would; later connections pass.
 */
export async function startCuttingProxy(target: string, cutAfterBytes: number): Promise<{ url: string; cuts: () => number; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  let cuts = 0;
  let first = true;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    const cutThisOne = first;
    first = false;
    let seen = 0;
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (cutThisOne && seen + chunk.length > cutAfterBytes) {
        client.write(chunk.subarray(0, Math.max(0, cutAfterBytes - seen)));
        cuts++;
        client.destroy();
        upstream.destroy();
        return;
      }
      seen += chunk.length;
      client.write(chunk);
    });
    upstream.on('end', () => client.end());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cuts: () => cuts,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
