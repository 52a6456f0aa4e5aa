// JSON value helpers shared by the diff engine and the front ends.

/**
 * Deep equality of JSON values, ignoring object key order; stops at the first difference. Iterative, so any
 * nesting depth is safe: whoever writes a schema or edits a workload controls the nesting, and a stack overflow
 * in the webhook would be a 500 that the apiserver's default failurePolicy (Ignore) turns into an unchecked admission.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!bothObjects(a, b)) return false;
  // Only object pairs go on the stack: equal leaves are skipped where they are met and an unequal one ends the walk,
  // so an enum of a million values costs no stack. The leaf tests are written out, not called: measured on two
  // 1,000-tool snapshots, a helper call per member made the walk 10% slower.
  const stack: object[] = [a as object, b as object];
  while (stack.length > 0) {
    const y = stack.pop()!;
    const x = stack.pop()!;
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) {
        const xv: unknown = x[i];
        const yv: unknown = y[i];
        if (xv === yv) continue;
        if (typeof xv !== 'object' || typeof yv !== 'object' || xv === null || yv === null) return false;
        stack.push(xv, yv);
      }
      continue;
    }
    if (Array.isArray(y)) return false;
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    const xKeys = Object.keys(xo);
    const yKeys = Object.keys(yo);
    if (xKeys.length !== yKeys.length) return false;
    for (let i = 0; i < xKeys.length; i++) {
      const key = xKeys[i]!;
      // Keys in the same order (two canonical snapshots always) need no lookup to show that y has the key.
      if (key !== yKeys[i] && !Object.prototype.hasOwnProperty.call(yo, key)) return false;
      const xv = xo[key];
      const yv = yo[key];
      if (xv === yv) continue;
      if (typeof xv !== 'object' || typeof yv !== 'object' || xv === null || yv === null) return false;
      stack.push(xv, yv);
    }
  }
  return true;
}

const bothObjects = (x: unknown, y: unknown): boolean => typeof x === 'object' && typeof y === 'object' && x !== null && y !== null;

/**
 * Sets an own data property, as JSON.parse makes one: a plain assignment of `__proto__` would change the object's
 * prototype instead (and a key of a snapshot is whatever its author wrote).
 */
export function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
