// Server capability findings: a capability or flag (resources.subscribe, tools.listChanged, …) that is no
// longer declared breaks the clients using it; a new one is safe.

import type { Finding, Subject } from './types.js';
import { childPointer } from './finding.js';
import { makeFinding } from './finding.js';
import { isPlainObject, type PlainObject } from './schema/keywords.js';

export function diffCapabilities(base: unknown, head: unknown, serverName: string): Finding[] {
  const findings: Finding[] = [];
  walk(isPlainObject(base) ? base : {}, isPlainObject(head) ? head : {}, [], { kind: 'server', name: serverName }, findings);
  return findings;
}

/** Declared: present and not false/null (an empty object `{}` declares a capability). */
const declared = (v: unknown) => v !== undefined && v !== null && v !== false;

function walk(b: PlainObject, a: PlainObject, path: string[], subject: Subject, findings: Finding[]): void {
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  for (const key of keys) {
    const here = [...path, key];
    const pointer = childPointer('/capabilities', ...here);
    const name = here.join('.');
    const bv = b[key];
    const av = a[key];
    if (declared(bv) && !declared(av) && key === 'listChanged' && path.length === 1) {
      // No call fails: the client only stops hearing that the list changed.
      findings.push(makeFinding({ rule: 'capability-list-changed-removed', subject, pointer: { before: pointer }, location: `capabilities/${name}`, before: bv, after: av, message: `server capability "${name}" is no longer declared; clients will not be told when the ${path[0]} list changes` }));
    } else if (declared(bv) && !declared(av)) {
      findings.push(makeFinding({ rule: 'capability-removed', subject, pointer: { before: pointer }, location: `capabilities/${name}`, before: bv, after: av, message: `server capability "${name}" is no longer declared; clients using it fail` }));
    } else if (!declared(bv) && declared(av)) {
      findings.push(makeFinding({ rule: 'capability-added', subject, pointer: { after: pointer }, location: `capabilities/${name}`, before: bv, after: av, message: `server capability "${name}" is now declared` }));
    } else if (isPlainObject(bv) && isPlainObject(av) && here.length < 16) {
      walk(bv, av, here, subject, findings);
    }
  }
}
