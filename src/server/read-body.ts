import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../core/errors.ts';

/**
 * Reads a request body up to `limit` bytes. A body over the limit is refused as soon as it
 * is known to be too big (from Content-Length, or while reading) and never buffered whole.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  // Events, not `for await`: the stream's async iterator cost ~2 µs per request.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        stop();
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total));
    };
    const onClose = () => {
      stop();
      reject(Object.assign(new Error('The client closed the connection before the request body ended.'), { code: 'ECONNRESET' }));
    };
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** Parses a JSON object body, with the 400 a client can act on when it is not one. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new GatewayError({
      status: 400,
      code: 'invalid_json',
      message: `The request body is not valid JSON: ${(error as Error).message}`,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw GatewayError.invalidRequest('The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError({
    status: 413,
    code: 'payload_too_large',
    message: `The request body exceeds the gateway's limit of ${limit} bytes.`,
  });
}
