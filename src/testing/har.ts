import { readFixtureJson, type RecordedExchange } from './recorded-fixtures.ts';

/** Test support: Polly.js `.har` recordings from `shared/fixtures/`. */

type HarHeader = { name: string; value: string };
type Har = {
  log: {
    entries: Array<{
      request: { url: string; headers: HarHeader[]; postData?: { text?: string } };
      response: { status: number; headers: HarHeader[]; content: { text?: string } };
    }>;
  };
};

const headerMap = (headers: HarHeader[]): Record<string, string> =>
  Object.fromEntries(headers.map((header) => [header.name.toLowerCase(), header.value]));

/** Every request/response pair of a HAR recording, in order. */
export function readHarExchanges(name: string): RecordedExchange[] {
  return readFixtureJson<Har>(name).log.entries.map(({ request, response }) => ({
    url: request.url,
    requestHeaders: headerMap(request.headers),
    requestBody: request.postData?.text ?? '',
    status: response.status,
    responseHeaders: headerMap(response.headers),
    responseBody: response.content.text ?? '',
  }));
}

/** The JSON request bodies of a HAR recording, in order (`undefined` where a request had none). */
export function readHarRequestBodies(name: string): any[] {
  return readHarExchanges(name).map((exchange) => (exchange.requestBody === '' ? undefined : JSON.parse(exchange.requestBody)));
}
