import { readFileSync } from 'node:fs';

/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) this summary reads. */
type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
};

type Row = { label: string; micros: number };

/**
 * Where the time went, as markdown: self time by function, self time by file or module, and
 * inclusive time of Switchyard's own functions (src/), each as a share of the busy (non-idle) time.
 */
export function summariseProfile(path: string, repoRoot: string, requests?: number): string {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const shorten = (url: string) =>
    url
      .replace(`file://${repoRoot}`, '')
      .replace(/^.*node_modules\//, 'node_modules/')
      .replace(/^node:internal\//, 'node:');
  const label = (id: number) => {
    const frame = byId.get(id)!.callFrame;
    const where = frame.url ? `${shorten(frame.url)}:${frame.lineNumber + 1}` : '';
    return `${frame.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
  };
  const module = (id: number) => {
    const frame = byId.get(id)!.callFrame;
    if (!frame.url) return frame.functionName || '(native)';
    const short = shorten(frame.url);
    const dependency = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(short);
    return dependency ? `node_modules/${dependency[1]}` : short;
  };

  let idle = 0;
  let total = 0;
  const bySelf = new Map<string, number>();
  const byModule = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, micros] of self) {
    total += micros;
    const name = byId.get(id)!.callFrame.functionName;
    if (name === '(idle)') {
      idle += micros;
      continue;
    }
    bySelf.set(label(id), (bySelf.get(label(id)) ?? 0) + micros);
    byModule.set(module(id), (byModule.get(module(id)) ?? 0) + micros);
    // Inclusive time of our own frames: every src/ function on this sample's stack, once each.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (!frame.url.includes(`${repoRoot}src/`)) continue;
      const key = label(at);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
    }
  }
  const busy = total - idle;
  const top = (map: Map<string, number>, count: number): Row[] =>
    [...map.entries()]
      .map(([label, micros]) => ({ label, micros }))
      .sort((a, b) => b.micros - a.micros)
      .slice(0, count);
  // With the number of requests served, each row also says what it cost per request (the profile
  // covers start-up too, a few per cent: slightly more than the steady state).
  const perRequest = (micros: number) => (requests ? ` ${(micros / requests).toFixed(2)} |` : '');
  const render = (title: string, rows: Row[]) =>
    [
      `#### ${title}`,
      '',
      `| share of busy CPU |${requests ? ' µs per request |' : ''} where |`,
      `| ---: |${requests ? ' ---: |' : ''} --- |`,
      ...rows.map((row) => `| ${((row.micros / busy) * 100).toFixed(1)}% |${perRequest(row.micros)} \`${row.label}\` |`),
    ].join('\n');
  return [
    `Busy ${(busy / 1e6).toFixed(2)} s of ${(total / 1e6).toFixed(2)} s profiled (${((idle / total) * 100).toFixed(0)}% idle)` +
      (requests ? `, ${requests} requests: ${(busy / requests).toFixed(1)} µs of busy CPU per request.` : '.'),
    '',
    render('Self time by function', top(bySelf, 25)),
    '',
    render('Self time by file or module', top(byModule, 15)),
    '',
    render('Inclusive time, Switchyard functions (src/)', top(inclusive, 20)),
  ].join('\n');
}

if (import.meta.main) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node bench/profile-summary.ts FILE.cpuprofile [REQUESTS]');
  const requests = process.argv[3] ? Number(process.argv[3]) : undefined;
  process.stdout.write(`${summariseProfile(file, new URL('..', import.meta.url).pathname, requests)}\n`);
}
