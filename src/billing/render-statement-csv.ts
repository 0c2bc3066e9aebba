import type { SpendLine } from '../stores/ledger-store.ts';
import { formatNanosAsUsd } from './nanos.ts';

const COLUMNS = ['provider', 'model', 'requests', 'unpriced_requests', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'cost_usd'];

/** A statement as RFC 4180 CSV (CRLF line ends, quoted fields where needed), with a total line last. */
export function renderStatementCsv(lines: readonly SpendLine[]): string {
  const rows = lines.map((line) => [
    line.provider, line.model, line.requests, line.unpricedRequests, line.inputTokens, line.outputTokens,
    line.cacheReadTokens, line.cacheWriteTokens, line.reasoningTokens, formatNanosAsUsd(line.costNanos),
  ]);
  const sum = (pick: (line: SpendLine) => number) => lines.reduce((total, line) => total + pick(line), 0);
  rows.push([
    'total', '', sum((l) => l.requests), sum((l) => l.unpricedRequests), sum((l) => l.inputTokens), sum((l) => l.outputTokens),
    sum((l) => l.cacheReadTokens), sum((l) => l.cacheWriteTokens), sum((l) => l.reasoningTokens),
    formatNanosAsUsd(lines.reduce((total, line) => total + line.costNanos, 0n)),
  ]);
  return [COLUMNS, ...rows].map((row) => row.map((cell) => csvField(String(cell))).join(',')).join('\r\n') + '\r\n';
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
