// The written form of a subject, `kind/name` (e.g. `tool/get_forecast`): how reports print a subject and how
// a policy's ignore entry names one, so a subject can be copied from a report into the policy file.
import type { Subject, SubjectKind } from '../diff/types.js';

export const SUBJECT_KINDS: readonly SubjectKind[] = ['tool', 'prompt', 'resource', 'resourceTemplate', 'server', 'workload'];

export function formatSubject(subject: Subject): string {
  return `${subject.kind}/${subject.name}`;
}

/** Parses `kind/name`; the name is everything after the first `/`, so names may contain slashes. */
export function parseSubject(text: string): Subject | undefined {
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1) return undefined;
  const kind = text.slice(0, slash) as SubjectKind;
  if (!SUBJECT_KINDS.includes(kind)) return undefined;
  return { kind, name: text.slice(slash + 1) };
}
