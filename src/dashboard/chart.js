// The spend-over-time chart: one SVG bar per hour or day, drawn by hand (no chart library).

import { h, s, money, nanosToUsd, share, shortMoney, usdToNanos, count, table, num } from './dom.js';

const WIDTH = 640;
const HEIGHT = 220;
const PLOT = { left: 78, right: 8, top: 12, bottom: 28 };
const STEP = { hour: 3_600_000, day: 86_400_000 };

/** Every bucket from `from` (or the first row) to `to`, empty ones included, so gaps show as gaps. */
function buckets(rows, interval, from, to) {
  const byTime = new Map(rows.map((row) => [Date.parse(row.bucket), row]));
  const times = [...byTime.keys()];
  if (times.length === 0 && from === null) return [];
  const step = STEP[interval];
  const start = from ?? Math.min(...times);
  const end = Math.max(to, ...times);
  const out = [];
  for (let time = Math.floor(start / step) * step; time <= end; time += step) {
    const row = byTime.get(time);
    out.push({ time, usd: row?.cost_usd ?? '0.000000000', requests: row?.requests ?? 0 });
  }
  return out;
}

function label(time, interval) {
  const iso = new Date(time).toISOString();
  return interval === 'hour' ? iso.slice(11, 16) : iso.slice(5, 10);
}

/**
 * The chart for a `/v1/usage?interval=…` answer. Bar heights come from exact nano-dollars; a
 * table of the same numbers sits beside it for screen readers and for copying.
 */
export function spendChart(report, interval, from, now) {
  const points = buckets(report.data, interval, from, now);
  if (points.every((point) => point.requests === 0)) return h('p', { class: 'empty' }, 'No requests in this period.');
  const nanos = points.map((point) => usdToNanos(point.usd));
  const max = nanos.reduce((a, b) => (b > a ? b : a), 0n);
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const slot = plotWidth / points.length;
  const barWidth = Math.max(1, slot * 0.72);
  const y = (fraction) => PLOT.top + plotHeight * (1 - fraction);

  const grid = [0, 0.5, 1].map((fraction) =>
    s('g', { class: 'grid' },
      s('line', { x1: PLOT.left, x2: WIDTH - PLOT.right, y1: y(fraction), y2: y(fraction) }),
      s('text', { x: PLOT.left - 6, y: y(fraction) + 4, 'text-anchor': 'end' }, shortMoney(nanosToUsd((max * BigInt(fraction * 2)) / 2n))),
    ),
  );
  const every = Math.max(1, Math.ceil(points.length / 8));
  const bars = points.map((point, i) => {
    const height = plotHeight * share(nanos[i], max);
    const x = PLOT.left + slot * i + (slot - barWidth) / 2;
    return s('g', {},
      s('rect', { class: 'bar', x, y: y(0) - height, width: barWidth, height: Math.max(height, point.requests > 0 ? 1 : 0) },
        s('title', {}, `${new Date(point.time).toISOString().slice(0, interval === 'hour' ? 16 : 10).replace('T', ' ')} UTC: $${point.usd}, ${point.requests} requests`)),
      i % every === 0 ? s('text', { class: 'tick', x: x + barWidth / 2, y: HEIGHT - 8, 'text-anchor': 'middle' }, label(point.time, interval)) : null,
    );
  });
  const total = report.total.cost_usd;
  return h('figure', { class: 'chart' },
    s('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': `Spend per ${interval}: total $${total} over ${points.length} ${interval}s` }, grid, bars),
    h('details', {},
      h('summary', {}, 'As a table'),
      table(`Spend per ${interval}`, [`${interval === 'hour' ? 'Hour' : 'Day'} (UTC)`, { label: 'Requests', class: 'num' }, { label: 'Cost', class: 'num' }],
        points.filter((point) => point.requests > 0).map((point) => [new Date(point.time).toISOString().slice(0, interval === 'hour' ? 16 : 10).replace('T', ' '), num(count(point.requests)), num(money(point.usd))])),
    ),
  );
}
