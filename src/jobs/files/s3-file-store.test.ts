import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeFileStoreContract } from './file-store.contract.ts';
import { S3FileStore } from './s3-file-store.ts';

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/(\d{8})\/eu-west-3\/s3\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/**
 * A tiny S3-compatible server: path-style PUT and GET of objects in memory. It refuses any
 * request whose Authorization header is not a well-formed SigV4 header for this key and
 * region, or whose `x-amz-content-sha256` is not the body's hash; presigned GETs need the
 * X-Amz-* query parameters instead.
 */
async function startS3(): Promise<{ url: string; requests: IncomingMessage[]; close(): Promise<void> }> {
  const objects = new Map<string, { data: Buffer; type: string }>();
  const requests: IncomingMessage[] = [];
  const server = createServer(async (req, res) => {
    requests.push(req);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url!, 'http://s3');
    const authorization = req.headers.authorization ?? '';
    const auth = AUTHORIZATION.exec(authorization);
    const presigned = url.searchParams.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256' && /^[0-9a-f]{64}$/.test(url.searchParams.get('X-Amz-Signature') ?? '');
    const signedHeaders = auth?.[2].split(';') ?? [];
    const hashOk = createHash('sha256').update(body).digest('hex') === req.headers['x-amz-content-sha256'];
    if (!presigned && (!auth || !signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date') || !signedHeaders.includes('x-amz-content-sha256') || !hashOk)) {
      res.writeHead(403, { 'content-type': 'application/xml' }).end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
      return;
    }
    if (req.method === 'PUT') {
      objects.set(url.pathname, { data: body, type: req.headers['content-type'] ?? 'application/octet-stream' });
      res.writeHead(200, { etag: '"x"' }).end();
      return;
    }
    const object = objects.get(url.pathname);
    if (!object) {
      res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
      return;
    }
    res.writeHead(200, { 'content-type': object.type, 'content-length': object.data.length }).end(object.data);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function storeOn(url: string): S3FileStore {
  return new S3FileStore({ endpoint: url, bucket: 'media', region: 'eu-west-3', accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret', prefix: 'switchyard/' });
}

describeFileStoreContract('S3-compatible (in-test server)', async () => {
  const s3 = await startS3();
  return { store: storeOn(s3.url), close: s3.close };
});

describe('S3FileStore on the wire', () => {
  it('writes path-style under the prefix with a SigV4 Authorization header that signs host, date and payload hash', async () => {
    const s3 = await startS3();
    try {
      await storeOn(s3.url).put('file_wirecheck', new Uint8Array([1, 2, 3]), 'image/png');
      const put = s3.requests[0];
      assert.equal(put.method, 'PUT');
      assert.equal(put.url, '/media/switchyard/file_wirecheck');
      const [, date, signed] = AUTHORIZATION.exec(put.headers.authorization!)!;
      assert.equal(date, (put.headers['x-amz-date'] as string).slice(0, 8));
      assert.ok(signed.split(';').includes('content-type'));
    } finally {
      await s3.close();
    }
  });

  it('makes presigned GET URLs a plain client can open, without credentials', async () => {
    const s3 = await startS3();
    try {
      const store = storeOn(s3.url);
      await store.put('file_presigned', new TextEncoder().encode('hello'), 'text/plain');
      const url = await store.presignedUrl('file_presigned', 600);
      assert.match(url, /X-Amz-Expires=600/);
      assert.match(url, /X-Amz-Credential=AKIDTEST%2F\d{8}%2Feu-west-3%2Fs3%2Faws4_request/);
      const response = await fetch(url);
      assert.equal(response.status, 200);
      assert.equal(await response.text(), 'hello');
    } finally {
      await s3.close();
    }
  });
});
