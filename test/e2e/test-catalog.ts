import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const pricing = { input: 1, output: 2, cache_read: null, cache_write: null };

function model(id: string, offers: Array<[provider: string, upstream: string]>) {
  return {
    id,
    name: id,
    context_length: 128000,
    max_output_tokens: 8192,
    modalities: { input: ['text'], output: ['text'] },
    capabilities: { tools: true, json_schema: true, reasoning: false, vision: false },
    providers: offers.map(([provider, upstream]) => ({ provider, model: upstream, pricing })),
  };
}

/**
 * A catalog of the tests' own, so failover has somewhere to go whatever the bundled catalog
 * holds: upstream ids are unique per model, so emulator faults can target one model exactly.
 * - test/multi: anthropic → google → openai
 * - test/solo: anthropic only;  test/backup: google only
 * - test/breaker: anthropic → google (for breaker tests, kept apart)
 */
export function writeTestCatalog(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-catalog-'));
  const models = [
    model('test/multi', [['anthropic', 'claude-multi'], ['google', 'gemini-multi'], ['openai', 'gpt-multi']]),
    model('test/solo', [['anthropic', 'claude-solo']]),
    model('test/backup', [['google', 'gemini-backup']]),
    model('test/breaker', [['anthropic', 'claude-breaker'], ['google', 'gemini-breaker']]),
  ];
  writeFileSync(join(dir, 'test.json'), JSON.stringify(models, null, 2));
  return dir;
}
