/**
 * The shape of a JSON value, for comparing the emulator's output with recorded provider
 * traffic without comparing text: every primitive (null included) becomes `'*'`, objects keep
 * their keys (sorted), and an array becomes a one-element array holding the merge of its
 * elements' shapes (so `parts: [{text}, {text, thought}]` has the shape `[{text, thought}]`).
 */
export type Shape = '*' | Shape[] | { [key: string]: Shape };

export function shapeOf(value: unknown): Shape {
  if (Array.isArray(value)) return value.length === 0 ? [] : [value.map(shapeOf).reduce(mergeShapes)];
  if (typeof value === 'object' && value !== null) {
    const shape: Record<string, Shape> = {};
    for (const key of Object.keys(value).sort()) shape[key] = shapeOf((value as Record<string, unknown>)[key]);
    return shape;
  }
  return '*';
}

/** The union of two shapes; where one side is a primitive and the other a structure, the structure wins. */
export function mergeShapes(a: Shape, b: Shape): Shape {
  if (a === '*') return b;
  if (b === '*') return a;
  if (Array.isArray(a) && Array.isArray(b)) {
    const items = [...a, ...b];
    return items.length === 0 ? [] : [items.reduce(mergeShapes)];
  }
  if (!Array.isArray(a) && !Array.isArray(b)) {
    const merged: Record<string, Shape> = {};
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      merged[key] = key in a && key in b ? mergeShapes(a[key], b[key]) : (a[key] ?? b[key]);
    }
    return merged;
  }
  return Array.isArray(a) ? a : b;
}

/** The merged shape of many values: the shape of a whole stream of events of one kind. */
export function shapeOfAll(values: unknown[]): Shape {
  return values.map(shapeOf).reduce(mergeShapes, '*');
}

/** Paths (`a.b[].c`) present in `shape` but not in `reference`: keys the one has that the other lacks. */
export function keysMissingFrom(reference: Shape, shape: Shape, path = ''): string[] {
  if (Array.isArray(shape)) {
    if (!Array.isArray(reference) || shape.length === 0 || reference.length === 0) return [];
    return keysMissingFrom(reference[0], shape[0], `${path}[]`);
  }
  if (shape === '*' || reference === '*' || Array.isArray(reference)) return [];
  return Object.keys(shape).flatMap((key) =>
    key in reference ? keysMissingFrom(reference[key], shape[key], path ? `${path}.${key}` : key) : [path ? `${path}.${key}` : key],
  );
}
