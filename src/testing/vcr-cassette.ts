import { gunzipSync } from 'node:zlib';
import { parseYaml } from './parse-yaml.ts';
import { readFixtureText, type RecordedExchange } from './recorded-fixtures.ts';

/**
 * Test support: vcrpy `.vcr.yaml` cassettes from `shared/fixtures/`, as recorded by the
 * providers' own SDK test suites and pydantic-ai. Bodies come as YAML strings, as `!!binary`
 * blocks (gzip or raw bytes such as Bedrock's event stream), or, in pydantic-ai's cassettes,
 * as an already-parsed `parsed_body`.
 */

/** A cassette exchange; `responseBytes` is the body as the client saw it (gunzipped). */
export type VcrExchange = RecordedExchange & { responseBytes: Uint8Array };

type Interaction = {
  request: { uri: string; body?: unknown; headers?: Record<string, unknown[]> };
  response: { status: { code: number }; headers?: Record<string, unknown[]>; body?: { string?: unknown }; parsed_body?: unknown };
};

const decoder = new TextDecoder();

/** Bytes of a recorded body, gunzipped when gzip (vcrpy keeps `content-encoding: gzip` bodies as recorded). */
function bodyBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value[0] === 0x1f && value[1] === 0x8b ? new Uint8Array(gunzipSync(value)) : value;
  return new TextEncoder().encode(typeof value === 'string' ? value : '');
}

/** vcrpy writes each header as a list of values, some of them `!!binary`. */
function headerMap(headers: Record<string, unknown[]> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, values]) => [
      name.toLowerCase(),
      values.map((value) => (value instanceof Uint8Array ? decoder.decode(value) : String(value))).join(', '),
    ]),
  );
}

/** Every exchange of a cassette, in order. */
export function readVcrExchanges(name: string): VcrExchange[] {
  const { interactions } = parseYaml(readFixtureText(name)) as { interactions: Interaction[] };
  return interactions.map(({ request, response }) => {
    const parsed = response.parsed_body;
    const responseBytes = parsed !== undefined ? new TextEncoder().encode(JSON.stringify(parsed)) : bodyBytes(response.body?.string);
    return {
      url: request.uri,
      requestHeaders: headerMap(request.headers),
      requestBody: decoder.decode(bodyBytes(request.body)),
      status: response.status.code,
      responseHeaders: headerMap(response.headers),
      responseBody: decoder.decode(responseBytes),
      responseBytes,
    };
  });
}

/** The JSON request bodies of a cassette, in order (`undefined` where a request had none). */
export function readVcrRequestBodies(name: string): any[] {
  return readVcrExchanges(name).map((exchange) => (exchange.requestBody === '' ? undefined : JSON.parse(exchange.requestBody)));
}
