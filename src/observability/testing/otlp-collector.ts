import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedExport = { path: string; headers: Record<string, string | string[] | undefined>; body: any };

/** A stand-in OpenTelemetry collector: a real HTTP server on a loopback port that keeps every POST. */
export async function startOtlpCollector(options: { status?: number } = {}) {
  const received: ReceivedExport[] = [];
  const waiters: Array<() => void> = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
    waiters.splice(0).forEach((wake) => wake());
    res.writeHead(options.status ?? 200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    received,
    /** Every span received so far, flattened. */
    spans(): any[] {
      return received.flatMap((r) => r.body.resourceSpans.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans)));
    },
    async waitForExports(count: number, timeoutMs = 5000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`collector got ${received.length} exports, expected ${count}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An OTLP attribute list as a plain object, values unwrapped. */
export function attributesOf(span: { attributes: Array<{ key: string; value: Record<string, unknown> }> }): Record<string, unknown> {
  return Object.fromEntries(
    span.attributes.map(({ key, value }) => {
      if ('intValue' in value) return [key, Number(value.intValue)];
      if ('arrayValue' in value) return [key, (value.arrayValue as { values: Array<{ stringValue: string }> }).values.map((v) => v.stringValue)];
      return [key, Object.values(value)[0]];
    }),
  );
}
