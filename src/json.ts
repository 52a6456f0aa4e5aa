// JSON value helpers shared by the diff engine and the front ends.

/**
 * Deep equality of JSON values, ignoring object key order; stops at the first difference. Iterative, so any
 * nesting depth is safe: whoever writes a schema or edits a workload controls the nesting, and a stack overflow
 * in the webhook would be a 500 that the apiserver's default failurePolicy (Ignore) turns into an unchecked admission.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!bothObjects(a, b)) return false;
  // Only object pairs go on the stack; equal leaves are skipped and unequal ones end the walk where they are met.
  const stack: object[] = [a as object, b as object];
  while (stack.length > 0) {
    const y = stack.pop()!;
    const x = stack.pop()!;
    const isArray = Array.isArray(x);
    if (isArray !== Array.isArray(y)) return false;
    if (isArray) {
      const xs = x as unknown[];
      const ys = y as unknown[];
      if (xs.length !== ys.length) return false;
      for (let i = 0; i < xs.length; i++) {
        if (xs[i] === ys[i]) continue;
        if (!bothObjects(xs[i], ys[i])) return false;
        stack.push(xs[i] as object, ys[i] as object);
      }
      continue;
    }
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    const xKeys = Object.keys(xo);
    const yKeys = Object.keys(yo);
    if (xKeys.length !== yKeys.length) return false;
    for (let i = 0; i < xKeys.length; i++) {
      const key = xKeys[i]!;
      // Keys in the same order (two canonical snapshots always) need no lookup to show that y has the key.
      if (key !== yKeys[i] && !Object.prototype.hasOwnProperty.call(yo, key)) return false;
      if (xo[key] === yo[key]) continue;
      if (!bothObjects(xo[key], yo[key])) return false;
      stack.push(xo[key] as object, yo[key] as object);
    }
  }
  return true;
}

const bothObjects = (x: unknown, y: unknown): boolean => typeof x === 'object' && typeof y === 'object' && x !== null && y !== null;
