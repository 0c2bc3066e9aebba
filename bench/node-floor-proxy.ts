import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

/**
 * The floor for any gateway written on Node: a proxy that does nothing but forward. It reads the
 * request, sends it to the upstream on a pooled keep-alive connection (undici, as Switchyard
 * does), and answers with the upstream's bytes: a whole body with its length in one write, an
 * event stream chunk by chunk. No routing, parsing, translation, auth, billing or logging.
 * What it reaches on this machine is what Node's HTTP server and client cost on their own; a
 * gateway's figures are read against it (docs/benchmarks.md).
 */
const forwardedHeaders = ['content-type', 'authorization', 'x-api-key', 'anthropic-version'];

export async function startFloorProxy(upstreamUrl: string, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new Pool(upstreamUrl, { connections: null, keepAliveTimeout: 30_000 });
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', async () => {
      try {
        const headers: Record<string, string> = {};
        for (const name of forwardedHeaders) {
          const value = req.headers[name];
          if (typeof value === 'string') headers[name] = value;
        }
        const answer = await upstream.request({ method: 'POST', path: req.url ?? '/', headers, body: Buffer.concat(parts) });
        const contentType = String(answer.headers['content-type'] ?? 'application/json');
        if (contentType.startsWith('text/event-stream')) {
          res.writeHead(answer.statusCode, { 'content-type': contentType });
          for await (const chunk of answer.body) res.write(chunk);
          res.end();
          return;
        }
        const body = Buffer.from(await answer.body.arrayBuffer());
        res.writeHead(answer.statusCode, { 'content-type': contentType, 'content-length': body.byteLength });
        res.end(body);
      } catch {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await upstream.close();
    },
  };
}

/** Run as a child process: `--upstream URL`; prints `{"url": ...}` on stdout once listening. */
if (import.meta.main) {
  const index = process.argv.indexOf('--upstream');
  const proxy = await startFloorProxy(process.argv[index + 1]);
  process.stdout.write(`${JSON.stringify({ url: proxy.url })}\n`);
  process.once('SIGTERM', () => void proxy.close().then(() => process.exit(0)));
}
