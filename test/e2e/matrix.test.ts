import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, type Stack } from './stack.ts';
import { chatClient, messagesClient, responsesClient, type CellAnswer, type CellKind, type InboundClient } from './matrix-clients.ts';

/**
 * Every inbound format × every provider family × {stream, whole} × {text, tools, images},
 * through the official SDKs, the gateway and the emulator. Each cell is pinned to one provider
 * (`provider: {only: [id]}`) and checks the emulator's deterministic answer and the
 * `x-switchyard-provider` header. Cells run concurrently (the describe's `concurrency`).
 */
type Family = { family: string; model: string; provider: string; upstream: string; vision: boolean };

const families: Family[] = [
  { family: 'openai', model: 'openai/gpt-4o-mini', provider: 'openai', upstream: 'gpt-4o-mini', vision: true },
  { family: 'azure', model: 'openai/gpt-4o-mini', provider: 'azure', upstream: 'gpt-4o-mini', vision: true },
  { family: 'anthropic', model: 'anthropic/claude-sonnet-4-5', provider: 'anthropic', upstream: 'claude-sonnet-4-5-20250929', vision: true },
  { family: 'bedrock', model: 'anthropic/claude-sonnet-4-5', provider: 'bedrock', upstream: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', vision: true },
  { family: 'vertex-claude', model: 'anthropic/claude-sonnet-4-5', provider: 'vertex', upstream: 'claude-sonnet-4-5@20250929', vision: true },
  { family: 'google', model: 'google/gemini-2.5-flash', provider: 'google', upstream: 'gemini-2.5-flash', vision: true },
  { family: 'vertex-gemini', model: 'google/gemini-2.5-flash', provider: 'vertex', upstream: 'gemini-2.5-flash', vision: true },
  // The catalog's Llama on Groq takes no images, so its image cells are left out.
  { family: 'groq', model: 'meta-llama/llama-3.3-70b-instruct', provider: 'groq', upstream: 'llama-3.3-70b-versatile', vision: false },
  { family: 'xai', model: 'x-ai/grok-4', provider: 'xai', upstream: 'grok-4', vision: true },
];
const kinds: CellKind[] = ['text', 'tools', 'images'];
const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const prompts: Record<CellKind, string> = {
  text: 'Hello through the matrix',
  tools: 'What is the weather in Paris? Use get_weather.',
  images: 'What is in this picture?',
};
const expected: Record<CellKind, Omit<CellAnswer, 'provider'>> = {
  text: { text: 'Echo: Hello through the matrix', toolCalls: [] },
  tools: { text: '', toolCalls: [{ name: 'get_weather', args: { city: 'example' } }] },
  images: { text: 'Echo: What is in this picture? [1 image]', toolCalls: [] },
};

let stack: Stack;
let clients: InboundClient[];
before(async () => {
  stack = await startStack();
  clients = [chatClient(stack.gateway.url), messagesClient(stack.gateway.url), responsesClient(stack.gateway.url)];
});
after(() => stack.close());

const formats = ['openai-chat', 'anthropic-messages', 'openai-responses'];
const clientFor = (format: string) => clients.find((client) => client.name === format)!;

describe('matrix: inbound format × provider family × stream × content', { concurrency: 24 }, () => {
  for (const format of formats) {
    for (const family of families) {
      for (const stream of [false, true]) {
        for (const kind of kinds) {
          if (kind === 'images' && !family.vision) continue;
          test(`${format} → ${family.family} (${stream ? 'stream' : 'whole'}, ${kind})`, async () => {
            const answer = await clientFor(format).send({ model: family.model, provider: family.provider, stream, kind, prompt: prompts[kind], imageUrl: png });
            assert.deepEqual(answer, { provider: family.provider, ...expected[kind] });
          });
        }
      }
    }
  }
});

/**
 * Images by URL: the providers that fetch URLs (or take them as file references) answer; Bedrock
 * takes image bytes only, so the gateway refuses with a 400 naming the feature and the provider
 * instead of sending a request Bedrock would reject.
 */
const refusesImageUrls = new Set(['bedrock']);

describe('matrix: images by URL', { concurrency: 24 }, () => {
  for (const format of formats) {
    for (const family of families.filter((f) => f.vision)) {
      const refused = refusesImageUrls.has(family.family);
      test(`${format} → ${family.family}: ${refused ? '400, feature and provider named' : 'answered'}`, async () => {
        const sending = clientFor(format).send({
          model: family.model,
          provider: family.provider,
          stream: false,
          kind: 'images',
          prompt: prompts.images,
          imageUrl: 'https://example.com/cat.png',
        });
        if (!refused) return assert.deepEqual(await sending, { provider: family.provider, ...expected.images });
        await assert.rejects(sending, (error: { status?: number; message?: string }) => {
          assert.equal(error.status, 400);
          assert.match(error.message ?? '', /Images by URL .* is not supported by provider 'bedrock'/);
          return true;
        });
      });
    }
  }
});

/**
 * Each family's own 429 shape (Azure's string codes, Vertex's RESOURCE_EXHAUSTED even for Claude,
 * Bedrock's ThrottlingException...) reaches the client as a 429 with retry-after and its message.
 */
describe('matrix: an upstream 429, in each provider\'s own shape', () => {
  for (const family of families) {
    test(`${family.family}: 429 with retry-after, the provider named`, async () => {
      stack.emulator.injectFault({ status: 429, retry_after: 7 }, { provider: family.provider as never, model: family.upstream });
      const sending = clientFor('openai-chat').send({ model: family.model, provider: family.provider, stream: false, kind: 'text', prompt: 'Hi' });
      await assert.rejects(sending, (error: { status?: number; headers?: Headers; message?: string }) => {
        assert.equal(error.status, 429, String(error));
        assert.equal(error.headers?.get('retry-after'), '7');
        assert.doesNotMatch(error.message ?? '', /unreadable/, 'the provider\'s own message comes through');
        return true;
      });
      stack.emulator.clearFaults();
    });
  }
});

describe('matrix: Vertex credentials', () => {
  test('the gateway exchanges its service-account JWT once and reuses the token for every Vertex call', async () => {
    const before = stack.emulator.oauthTokensIssued();
    const client = clientFor('openai-chat');
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        client.send({ model: i % 2 ? 'google/gemini-2.5-flash' : 'anthropic/claude-sonnet-4-5', provider: 'vertex', stream: false, kind: 'text', prompt: 'again' }),
      ),
    );
    // The matrix above already made the exchange; at most one more if these ran first.
    assert.ok(stack.emulator.oauthTokensIssued() <= Math.max(before, 1), `issued ${stack.emulator.oauthTokensIssued()} tokens`);
    const vertexCalls = stack.emulator.requests().filter((request) => request.provider === 'vertex');
    assert.ok(vertexCalls.length >= 10);
    assert.ok(vertexCalls.every((request) => request.path.startsWith('/vertex/v1/projects/switchyard-test/locations/us-east5/publishers/')));
  });

  test('every family was reached at its own emulated endpoint', () => {
    const seen = new Set(stack.emulator.requests().map((request) => request.provider));
    for (const family of families) assert.ok(seen.has(family.provider as never), family.provider);
  });
});
