// Small DOM helpers. Everything from the API goes in as text nodes, never as HTML.

const SVG_NS = 'http://www.w3.org/2000/svg';

function build(element, props, children) {
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** An HTML element: `h('td', { class: 'num' }, 'text', otherNode)`; `on<event>` props add listeners. */
export const h = (tag, props, ...children) => build(document.createElement(tag), props, children);

/** An SVG element, as `h`. */
export const s = (tag, props, ...children) => build(document.createElementNS(SVG_NS, tag), props, children);

/** Replaces an element's content. */
export function fill(element, ...children) {
  element.replaceChildren();
  build(element, {}, children);
}

/**
 * A USD amount exactly as the API wrote it (`"1.500000250"` → `$1.500000250`): money is never
 * parsed into a float. Zeros past the cents are dimmed, not dropped, so the text stays exact.
 */
export function money(usd) {
  if (usd === null || usd === undefined) return h('span', { class: 'muted' }, 'unpriced');
  const negative = usd.startsWith('-');
  const digits = negative ? usd.slice(1) : usd;
  const match = /^(\d+\.\d{2}\d*?)(0*)$/.exec(digits);
  const [shown, zeros] = match ? [match[1], match[2]] : [digits, ''];
  return h('data', { class: 'money', value: usd }, `${negative ? '-' : ''}$${shown}`, zeros && h('span', { class: 'zeros' }, zeros));
}

/** The same amount without trailing zeros past the cents (`$0.000027`), for chart axis labels. */
export function shortMoney(usd) {
  return `$${usd.replace(/^(\d+\.\d{2}\d*?)0*$/, '$1')}`;
}

/** A decimal USD string as integer nano-dollars, exactly (for comparing and proportions). */
export function usdToNanos(usd) {
  const [whole, fraction = ''] = usd.replace('-', '').split('.');
  const nanos = BigInt(whole) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0').slice(0, 9));
  return usd.startsWith('-') ? -nanos : nanos;
}

/** Integer nano-dollars as the API's decimal string (`1234n` → `"0.000001234"`). */
export function nanosToUsd(nanos) {
  const negative = nanos < 0n;
  const digits = (negative ? -nanos : nanos).toString().padStart(10, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -9)}.${digits.slice(-9)}`;
}

/** `part / whole` as a fraction from 0 to 1, from exact nano-dollars (for bar lengths only). */
export function share(part, whole) {
  return whole > 0n ? Number((part * 10_000n) / whole) / 10_000 : 0;
}

export const count = (n) => (n ?? 0).toLocaleString('en-US');

/** `2025-06-01T08:00:03.120Z` → `2025-06-01 08:00:03` (times are shown in UTC, like the usage buckets). */
export const utc = (iso) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : '');

export function statusBadge(status) {
  const tone = status >= 500 ? 'bad' : status >= 400 ? 'warn' : 'good';
  return h('span', { class: `badge ${tone}` }, String(status));
}

/** A table with a header row; `rows` are arrays of cells (strings, nodes or `h('td', …)`). */
export function table(label, headers, rows, options = {}) {
  return h(
    'table',
    { class: options.class, 'aria-label': label },
    h('thead', {}, h('tr', {}, headers.map((header) => h('th', { scope: 'col', class: header.class }, header.label ?? header)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell) => (cell instanceof HTMLTableCellElement ? cell : h('td', {}, cell)))))),
  );
}

export const num = (content) => h('td', { class: 'num' }, content);
