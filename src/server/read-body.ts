import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../core/errors.ts';

/**
 * Reads a request body up to `limit` bytes. A body over the limit is refused as soon as it
 * is known to be too big (from Content-Length, or while reading) and never buffered whole.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
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
