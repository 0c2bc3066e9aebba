import type { PacedResult, SaturateResult, SequentialResult, TtfbResult } from './load-worker.ts';
import type { PathName } from './scenarios.ts';

/** What one path measured in one scenario. */
export type PathResult = {
  saturate: SaturateResult;
  paced: PacedResult;
  ttfb?: TtfbResult;
  /** Peak RSS of the gateway process during this scenario (bytes); absent for the direct path. */
  peakRss?: number;
};

/** `rate` is the fixed rate this scenario's latencies were measured at (streams use a tenth of the base rate). */
export type ScenarioResult = {
  name: string;
  title: string;
  streaming: boolean;
  rate: number;
  paths: Record<PathName, PathResult>;
  /** Streams only: Switchyard with resumable streams off, for what buffering costs. */
  unbuffered?: PathResult;
};

export type OpenStreamsResult = {
  path: 'switchyard' | 'portkey';
  requested: number;
  opened: number;
  failed: number;
  idleRss: number;
  openRss: number;
};

export type BodyCurveResult = { bytes: number; paths: Record<PathName, SequentialResult> };

export type ChunkCurveResult = { chunks: number; paths: Record<PathName, SequentialResult> };

export type RunSettings = { connections: number; rate: number; seconds: number; streams: number; otherLoad: number };

/** Issue 7's targets, as data: each reads the results and says how far it is. */
const targets = {
  throughputVsPortkey: 5,
  p99VsPortkey: 1 / 5,
  throughputVsDirect: 0.25,
  bufferingCost: 0.1,
  overheadP50Ms: 0.5,
  overheadP99Ms: 2,
  streamsRssBytes: 1024 ** 3,
  streamsCount: 10_000,
} as const;

const ms = (value: number) => (Number.isFinite(value) ? (value < 10 ? value.toFixed(2) : value.toFixed(1)) : '–');
const mb = (bytes: number | undefined) => (bytes === undefined || !Number.isFinite(bytes) ? '–' : `${(bytes / 1024 ** 2).toFixed(0)} MB`);
const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(value < 10 ? 2 : 1)}×` : '–');
const verdict = (ok: boolean) => (ok ? 'met' : 'not met');
const pathLabel: Record<PathName, string> = { direct: 'direct (upstream)', floor: 'bare Node proxy (floor)', switchyard: 'Switchyard', portkey: 'Portkey' };

/** A markdown table per scenario: throughput at saturation, latency at the fixed rate, overhead, memory. */
export function scenarioTable(result: ScenarioResult, settings: RunSettings): string {
  const direct = result.paths.direct;
  const header = [
    'path',
    `req/s @${settings.connections} conn`,
    'vs direct',
    `p50 / p99 @${result.rate} req/s (ms)`,
    'overhead p50 / p99 (ms)',
    ...(result.streaming ? ['TTFB p50 (ms)', 'TTFB overhead (ms)'] : []),
    'peak RSS',
    'notes',
  ];
  const named: [string, PathResult][] = (Object.keys(result.paths) as PathName[]).map((name) => [pathLabel[name], result.paths[name]]);
  if (result.unbuffered) named.splice(named.length - 1, 0, ['Switchyard, resumable streams off', result.unbuffered]);
  const rows = named.map(([label, path]) => {
    const isDirect = path === direct;
    const overheadP50 = path.paced.latency.p50 - direct.paced.latency.p50;
    const overheadP99 = path.paced.latency.p99 - direct.paced.latency.p99;
    return [
      label,
      path.saturate.rps.toFixed(0),
      isDirect ? '1' : `${((path.saturate.rps / direct.saturate.rps) * 100).toFixed(0)}%`,
      `${ms(path.paced.latency.p50)} / ${ms(path.paced.latency.p99)}`,
      isDirect ? '–' : `${ms(overheadP50)} / ${ms(overheadP99)}`,
      ...(result.streaming ? [ms(path.ttfb?.firstByte.p50 ?? NaN), isDirect ? '–' : ms((path.ttfb?.firstByte.p50 ?? NaN) - (direct.ttfb?.firstByte.p50 ?? NaN))] : []),
      mb(path.peakRss),
      notes(path, result.rate).join('; '),
    ];
  });
  return `### ${result.title} (\`${result.name}\`)\n\n${table(header, rows)}`;
}

function notes(path: PathResult, rate: number): string[] {
  const found: string[] = [];
  const failed = path.saturate.errors + path.saturate.non2xx + path.paced.errors + (path.ttfb?.errors ?? 0);
  if (failed > 0) found.push(`${failed} failed requests`);
  if (path.paced.achievedRate < rate * 0.95) found.push(`fixed rate not sustained (${path.paced.achievedRate.toFixed(0)} req/s)`);
  return found;
}

/** One row per scenario, one column per Issue 7 target, each cell the figure and met / not met. */
export function targetsTable(results: ScenarioResult[]): string {
  const header = [
    'scenario',
    `throughput ≥ ${targets.throughputVsPortkey}× Portkey`,
    'p99 ≤ 1/5 of Portkey',
    `throughput ≥ ${targets.throughputVsDirect * 100}% of direct`,
    'fixed rate',
    `overhead p50 ≤ ${targets.overheadP50Ms} ms`,
    `overhead p99 ≤ ${targets.overheadP99Ms} ms`,
    `resumable buffering costs < ${targets.bufferingCost * 100}% throughput`,
    'context: bare Node proxy, % of direct / × Portkey',
  ];
  const rows = results.map((result) => {
    const { direct, floor, switchyard, portkey } = result.paths;
    const vsPortkey = switchyard.saturate.rps / portkey.saturate.rps;
    const p99Ratio = switchyard.paced.latency.p99 / portkey.paced.latency.p99;
    const vsDirect = switchyard.saturate.rps / direct.saturate.rps;
    const overheadP50 = switchyard.paced.latency.p50 - direct.paced.latency.p50;
    const overheadP99 = switchyard.paced.latency.p99 - direct.paced.latency.p99;
    return [
      result.name,
      `${times(vsPortkey)} ${verdict(vsPortkey >= targets.throughputVsPortkey)}`,
      `${p99Ratio.toFixed(2)} ${verdict(p99Ratio <= targets.p99VsPortkey)}`,
      `${(vsDirect * 100).toFixed(0)}% ${verdict(vsDirect >= targets.throughputVsDirect)}`,
      `${result.rate}/s`,
      `${ms(overheadP50)} ms ${verdict(overheadP50 <= targets.overheadP50Ms)}`,
      `${ms(overheadP99)} ms ${verdict(overheadP99 <= targets.overheadP99Ms)}`,
      result.unbuffered ? bufferingCell(switchyard.saturate.rps, result.unbuffered.saturate.rps) : '–',
      // What a proxy that does nothing reaches here: the ceiling for any Node gateway.
      `${((floor.saturate.rps / direct.saturate.rps) * 100).toFixed(0)}% / ${times(floor.saturate.rps / portkey.saturate.rps)}`,
    ];
  });
  return table(header, rows);
}

/** Throughput lost to buffering: 1 − buffered / unbuffered (negative: within the noise, buffered was faster). */
function bufferingCell(buffered: number, unbuffered: number): string {
  const cost = 1 - buffered / unbuffered;
  return `${(cost * 100).toFixed(0)}% ${verdict(cost < targets.bufferingCost)}`;
}

/** Memory held per open stream, and the RSS projected for 10,000 of them. */
export function openStreamsTable(results: OpenStreamsResult[]): string {
  const header = ['gateway', 'streams open / asked', 'RSS idle', 'RSS with streams open', 'per 1,000 streams', `projected RSS @${targets.streamsCount.toLocaleString('en')}`, `< 1 GB @10k`];
  const rows = results.map((result) => {
    const perStream = (result.openRss - result.idleRss) / Math.max(1, result.opened);
    const projected = result.idleRss + perStream * targets.streamsCount;
    return [
      pathLabel[result.path],
      `${result.opened} / ${result.requested}${result.failed ? ` (${result.failed} failed)` : ''}`,
      mb(result.idleRss),
      mb(result.openRss),
      mb(perStream * 1000),
      mb(projected),
      verdict(projected < targets.streamsRssBytes && result.opened === result.requested),
    ];
  });
  return table(header, rows);
}

/** Sequential latency per prompt size: the overhead should grow linearly (one copy/parse per byte), not worse. */
export function bodyCurveTable(results: BodyCurveResult[]): string {
  const header = ['prompt body', 'direct p50 (ms)', 'Switchyard p50', 'Switchyard overhead', 'Portkey p50', 'Portkey overhead', 'SY extra overhead per MB', 'PK extra overhead per MB'];
  const base = results[0];
  const rows = results.map((result) => {
    const { direct, switchyard, portkey } = result.paths;
    const syOverhead = switchyard.latency.p50 - direct.latency.p50;
    const pkOverhead = portkey.latency.p50 - direct.latency.p50;
    const slope = (overhead: number, baseOverhead: number) => {
      const extraMb = (result.bytes - base.bytes) / 1024 ** 2;
      // Below ~64 KB of extra body the difference is within the noise: no slope to show.
      return result.bytes - base.bytes < 64 * 1024 ? '–' : `${ms((overhead - baseOverhead) / extraMb)} ms`;
    };
    const syBase = base.paths.switchyard.latency.p50 - base.paths.direct.latency.p50;
    const pkBase = base.paths.portkey.latency.p50 - base.paths.direct.latency.p50;
    return [
      sizeLabel(result.bytes),
      ms(direct.latency.p50),
      ms(switchyard.latency.p50),
      ms(syOverhead),
      ms(portkey.latency.p50),
      ms(pkOverhead),
      slope(syOverhead, syBase),
      slope(pkOverhead, pkBase),
    ];
  });
  return table(header, rows);
}

export function sizeLabel(bytes: number): string {
  return bytes >= 1024 ** 2 ? `${bytes / 1024 ** 2} MB` : `${bytes / 1024} KB`;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Whole-stream time by chunk count, one stream at a time: the overhead should grow linearly with chunks. */
export function chunkCurveTable(results: ChunkCurveResult[]): string {
  const header = ['chunks', 'direct p50 (ms)', 'bare proxy overhead', 'Switchyard p50', 'Switchyard overhead', 'Portkey p50', 'Portkey overhead', 'SY overhead per extra chunk', 'PK overhead per extra chunk'];
  const base = results[0];
  const overhead = (result: ChunkCurveResult, name: PathName) => result.paths[name].latency.p50 - result.paths.direct.latency.p50;
  const perChunk = (result: ChunkCurveResult, name: PathName) =>
    result === base ? '–' : `${((overhead(result, name) - overhead(base, name)) / (result.chunks - base.chunks) * 1000).toFixed(1)} µs`;
  const rows = results.map((result) => [
    String(result.chunks),
    ms(result.paths.direct.latency.p50),
    ms(overhead(result, 'floor')),
    ms(result.paths.switchyard.latency.p50),
    ms(overhead(result, 'switchyard')),
    ms(result.paths.portkey.latency.p50),
    ms(overhead(result, 'portkey')),
    perChunk(result, 'switchyard'),
    perChunk(result, 'portkey'),
  ]);
  return table(header, rows);
}
