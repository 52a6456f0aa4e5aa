// Prompt findings: prompts matched by name, their arguments by name. Arguments are requests: a new required
// argument or one turning required breaks callers; a dropped argument is silently ignored (warning).

import type { Prompt, PromptArgument } from '../snapshot/types.js';
import type { Finding, Subject } from './types.js';
import { makeFinding } from './finding.js';
import { listedBy, type Listed } from './listed.js';
import { show } from './schema/keywords.js';

export function diffPrompts(basePrompts: readonly Prompt[], headPrompts: readonly Prompt[]): Finding[] {
  const base = byName(basePrompts, '/prompts');
  const head = byName(headPrompts, '/prompts');
  const findings: Finding[] = [];
  for (const [name, b] of base) {
    const subject: Subject = { kind: 'prompt', name };
    const a = head.get(name);
    if (!a) {
      findings.push(makeFinding({ rule: 'prompt-removed', subject, pointer: { before: b.pointer }, location: 'prompt', before: name, message: `prompt "${name}" was removed; clients getting it fail` }));
      continue;
    }
    if (b.item.description !== a.item.description) {
      findings.push(
        makeFinding({
          rule: 'prompt-description-changed',
          subject,
          pointer: { before: `${b.pointer}/description`, after: `${a.pointer}/description` },
          location: 'description',
          before: b.item.description,
          after: a.item.description,
          message: `prompt "${name}" description changed from ${show(b.item.description ?? '')} to ${show(a.item.description ?? '')}`,
        }),
      );
    }
    findings.push(...diffArguments(subject, b, a));
  }
  for (const [name, a] of head) {
    if (!base.has(name)) {
      findings.push(makeFinding({ rule: 'prompt-added', subject: { kind: 'prompt', name }, pointer: { after: a.pointer }, location: 'prompt', after: name, message: `prompt "${name}" was added` }));
    }
  }
  return findings;
}

function diffArguments(subject: Subject, b: Listed<Prompt>, a: Listed<Prompt>): Finding[] {
  const findings: Finding[] = [];
  const bArgs = byName(Array.isArray(b.item.arguments) ? b.item.arguments : [], `${b.pointer}/arguments`);
  const aArgs = byName(Array.isArray(a.item.arguments) ? a.item.arguments : [], `${a.pointer}/arguments`);
  const label = `prompt "${subject.name}"`;
  for (const [name, ba] of bArgs) {
    const aa = aArgs.get(name);
    const location = `arguments/${name}`;
    if (!aa) {
      findings.push(makeFinding({ rule: 'prompt-argument-removed', subject, pointer: { before: ba.pointer }, location, before: ba.item, message: `${label} argument "${name}" was removed; a client still sending it is ignored` }));
      continue;
    }
    const was = ba.item.required === true;
    const now = aa.item.required === true;
    if (was !== now) {
      findings.push(
        makeFinding({
          rule: now ? 'prompt-argument-required' : 'prompt-argument-optional',
          subject,
          pointer: { before: ba.pointer, after: aa.pointer },
          location,
          before: was,
          after: now,
          message: now ? `${label} argument "${name}" is now required; clients that do not send it fail` : `${label} argument "${name}" is now optional`,
        }),
      );
    }
    if (ba.item.description !== aa.item.description) {
      findings.push(
        makeFinding({
          rule: 'prompt-description-changed',
          subject,
          pointer: { before: `${ba.pointer}/description`, after: `${aa.pointer}/description` },
          location: `${location}/description`,
          before: ba.item.description,
          after: aa.item.description,
          message: `${label} argument "${name}" description changed from ${show(ba.item.description ?? '')} to ${show(aa.item.description ?? '')}`,
        }),
      );
    }
  }
  for (const [name, aa] of aArgs) {
    if (bArgs.has(name)) continue;
    const required = aa.item.required === true;
    findings.push(
      makeFinding({
        rule: required ? 'prompt-required-argument-added' : 'prompt-argument-added',
        subject,
        pointer: { after: aa.pointer },
        location: `arguments/${name}`,
        after: aa.item,
        message: required ? `${label} gained the required argument "${name}"; clients that do not send it fail` : `${label} gained the optional argument "${name}"`,
      }),
    );
  }
  return findings;
}

function byName<T extends Prompt | PromptArgument>(items: readonly T[], listPointer: string): Map<string, Listed<T>> {
  return listedBy(items, 'name', listPointer);
}
