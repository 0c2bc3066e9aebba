/**
 * The few Prometheus primitives the gateway needs, rendered in the text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/). Written by hand: counters and
 * histograms with labels are a page of code, not worth a dependency.
 */

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Record<string, string>;

/** Label values escape backslash, double quote and newline; nothing else. */
function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function renderLabels(names: readonly string[], values: readonly string[], extra = ''): string {
  const parts = names.map((name, i) => `${name}="${escapeLabelValue(values[i])}"`);
  if (extra) parts.push(extra);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

function formatNumber(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (Number.isNaN(value)) return 'NaN';
  return String(value);
}

/** One metric family: renders its HELP, TYPE and samples. */
export interface MetricFamily {
  render(): string;
}

abstract class Family<Series> implements MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  protected readonly series = new Map<string, { values: string[]; data: Series }>();

  constructor(name: string, help: string, labelNames: readonly string[]) {
    this.name = name;
    this.help = help;
    this.labelNames = labelNames;
  }

  protected seriesFor(labels: Labels, create: () => Series): Series {
    const values = this.labelNames.map((name) => labels[name] ?? '');
    // NUL never occurs in a label value here (provider and model ids, statuses, codes), and
    // joining is several times cheaper than JSON.stringify on every request.
    const key = values.join('\u0000');
    let found = this.series.get(key);
    if (!found) {
      found = { values, data: create() };
      this.series.set(key, found);
    }
    return found.data;
  }

  protected header(type: string): string {
    return `# HELP ${this.name} ${escapeHelp(this.help)}\n# TYPE ${this.name} ${type}\n`;
  }

  abstract render(): string;
}

/** A monotonically increasing count per label set. */
export class Counter extends Family<{ value: number }> {
  inc(labels: Labels, by = 1): void {
    if (!(by >= 0)) return; // counters never go down; a negative or NaN increment is ignored
    this.seriesFor(labels, () => ({ value: 0 })).value += by;
  }

  render(): string {
    let text = this.header('counter');
    for (const { values, data } of this.series.values()) text += `${this.name}${renderLabels(this.labelNames, values)} ${formatNumber(data.value)}\n`;
    return text;
  }
}

/** Observations counted into cumulative `le` buckets, with their sum and count. */
export class Histogram extends Family<{ counts: number[]; sum: number; count: number }> {
  readonly buckets: readonly number[];

  constructor(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]) {
    super(name, help, labelNames);
    this.buckets = [...buckets].sort((a, b) => a - b);
  }

  observe(labels: Labels, value: number): void {
    if (!Number.isFinite(value)) return;
    const data = this.seriesFor(labels, () => ({ counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]) data.counts[i]++;
    data.sum += value;
    data.count++;
  }

  render(): string {
    let text = this.header('histogram');
    for (const { values, data } of this.series.values()) {
      this.buckets.forEach((bound, i) => {
        text += `${this.name}_bucket${renderLabels(this.labelNames, values, `le="${formatNumber(bound)}"`)} ${data.counts[i]}\n`;
      });
      text += `${this.name}_bucket${renderLabels(this.labelNames, values, 'le="+Inf"')} ${data.count}\n`;
      text += `${this.name}_sum${renderLabels(this.labelNames, values)} ${formatNumber(data.sum)}\n`;
      text += `${this.name}_count${renderLabels(this.labelNames, values)} ${data.count}\n`;
    }
    return text;
  }
}
