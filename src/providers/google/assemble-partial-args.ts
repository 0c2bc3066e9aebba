import { GatewayError } from '../../core/errors.ts';
import type { GeminiPartialArg } from '../../wire/gemini.ts';

type PathKey = string | number;

/** `$.a.b[0]['c d']` → ['a', 'b', 0, 'c d']. */
function parseJsonPath(path: string): PathKey[] {
  if (!path.startsWith('$')) throw invalidPath(path);
  const keys: PathKey[] = [];
  const pattern = /\.([^.[\]]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y;
  pattern.lastIndex = 1;
  while (pattern.lastIndex < path.length) {
    const match = pattern.exec(path);
    if (!match) throw invalidPath(path);
    if (match[1] !== undefined) keys.push(match[1]);
    else if (match[2] !== undefined) keys.push(Number(match[2]));
    else keys.push((match[3] ?? match[4]).replace(/\\(.)/g, '$1'));
  }
  return keys;
}

function invalidPath(path: string): GatewayError {
  return new GatewayError({ status: 502, code: 'upstream_error', message: `Gemini streamed a function argument with an unreadable path '${path}'.` });
}

/**
 * Rebuilds the arguments of a function call that Gemini streamed as `partialArgs`
 * (stream-function-call-partial-args.chunks.txt): each piece sets one value by JSONPath, and
 * a string piece with `willContinue` is continued by the next piece for the same path.
 */
export class PartialArgsAssembler {
  readonly args: Record<string, unknown> = {};
  private readonly continuing = new Set<string>();

  add(piece: GeminiPartialArg): void {
    const keys = parseJsonPath(piece.jsonPath);
    if (keys.length === 0) return;
    let container: Record<string | number, unknown> = this.args;
    for (let i = 0; i < keys.length - 1; i++) {
      const next = container[keys[i]];
      if (typeof next === 'object' && next !== null) container = next as Record<string | number, unknown>;
      else {
        const created = (typeof keys[i + 1] === 'number' ? [] : {}) as Record<string | number, unknown>;
        container[keys[i]] = created;
        container = created;
      }
    }
    const last = keys[keys.length - 1];
    const value = valueOf(piece);
    const existing = container[last];
    container[last] = this.continuing.has(piece.jsonPath) && typeof existing === 'string' && typeof value === 'string' ? existing + value : value;
    if (piece.willContinue) this.continuing.add(piece.jsonPath);
    else this.continuing.delete(piece.jsonPath);
  }
}

function valueOf(piece: GeminiPartialArg): unknown {
  if (piece.stringValue !== undefined) return piece.stringValue;
  if (piece.numberValue !== undefined) return piece.numberValue;
  if (piece.boolValue !== undefined) return piece.boolValue;
  return null;
}
