import { readFileSync } from 'node:fs';

/**
 * Test support: reads recorded Responses traffic from `shared/fixtures/openai-responses/`
 * (see SOURCES.md there). Only the YAML form vcrpy uses for these cassettes' request bodies
 * (single-quoted folded scalars) is understood. Not used by production code.
 */

const fixturesRoot = new URL('../../../../../shared/fixtures/openai-responses/', import.meta.url);

export function readFixtureText(name: string): string {
  return readFileSync(new URL(name, fixturesRoot), 'utf8');
}

/** Request bodies of a Polly.js HAR recording, in order. */
export function harRequestBodies(name: string): unknown[] {
  const har = JSON.parse(readFixtureText(name)) as { log: { entries: Array<{ request: { postData?: { text?: string } } }> } };
  return har.log.entries.map((entry) => JSON.parse(entry.request.postData?.text ?? 'null'));
}

/** YAML single-quoted scalar folding: a line break becomes a space, an empty line a newline, `''` a quote. */
function foldSingleQuoted(raw: string): string {
  const lines = raw.split('\n');
  let out = lines[0].trimEnd();
  let breaks = 0;
  for (const line of lines.slice(1)) {
    const trimmed = line.trim();
    if (trimmed === '') {
      breaks++;
      continue;
    }
    out += breaks > 0 ? '\n'.repeat(breaks) : ' ';
    out += trimmed;
    breaks = 0;
  }
  return out.replaceAll("''", "'");
}

/** Request bodies of a vcrpy cassette, in order. */
export function vcrRequestBodies(name: string): unknown[] {
  return readFixtureText(name)
    .split(/^- request:\n/m)
    .slice(1)
    .map((interaction) => {
      const from = interaction.indexOf("    body: '") + "    body: '".length;
      let end = from;
      for (;;) {
        end = interaction.indexOf("'", end);
        if (interaction[end + 1] !== "'") break;
        end += 2;
      }
      return JSON.parse(foldSingleQuoted(interaction.slice(from, end)));
    });
}

export type SseEvent = { event: string; data: Record<string, unknown> };

/** An SSE body as `event:` + parsed `data:` pairs (OpenAI sends one data line per event). */
export function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? '';
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice('data: '.length))
        .join('\n');
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

/** `.chunks.txt`: one event payload per line, split into separate responses at each `response.created`. */
export function chunkResponses(name: string): Array<Array<Record<string, unknown>>> {
  const responses: Array<Array<Record<string, unknown>>> = [];
  for (const line of readFixtureText(name).split('\n')) {
    if (line.trim() === '') continue;
    const event = JSON.parse(line) as Record<string, unknown>;
    if (event.type === 'response.created') responses.push([]);
    responses[responses.length - 1].push(event);
  }
  return responses;
}
