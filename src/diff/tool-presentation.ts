// What a tool shows and carries besides its contract: `title`, `icons` and `_meta`. None changes a call, but
// none changes silently either: title and icons are reported as safe, a `_meta` key (hosts read it, e.g. MCP
// Apps' ui.resourceUri) as a warning.

import type { Tool } from '../snapshot/types.js';
import { jsonEqual } from '../json.js';
import type { Finding, Subject } from './types.js';
import { childPointer, makeFinding } from './finding.js';
import { isPlainObject, show } from './schema/keywords.js';

interface Side {
  tool: Tool;
  pointer: string;
}

export function diffToolPresentation(b: Side, a: Side, subject: Subject, label: string): Finding[] {
  const findings: Finding[] = [];
  const field = (key: 'title' | 'icons', rule: 'tool-title-changed' | 'tool-icons-changed') => {
    const before = b.tool[key];
    const after = a.tool[key];
    if (jsonEqual(before, after)) return;
    findings.push(
      makeFinding({
        rule,
        subject,
        pointer: { before: before === undefined ? undefined : `${b.pointer}/${key}`, after: after === undefined ? undefined : `${a.pointer}/${key}` },
        location: key,
        before,
        after,
        message: `${label} ${key} changed from ${show(before ?? 'unset', 80)} to ${show(after ?? 'unset', 80)}`,
      }),
    );
  };
  field('title', 'tool-title-changed');
  field('icons', 'tool-icons-changed');
  const bm = isPlainObject(b.tool._meta) ? b.tool._meta : {};
  const am = isPlainObject(a.tool._meta) ? a.tool._meta : {};
  for (const key of [...new Set([...Object.keys(bm), ...Object.keys(am)])].sort()) {
    const before = bm[key];
    const after = am[key];
    if (jsonEqual(before, after)) continue;
    const what = before === undefined ? 'added' : after === undefined ? 'removed' : `changed from ${show(before, 80)} to ${show(after, 80)}`;
    findings.push(
      makeFinding({
        rule: 'tool-meta-changed',
        subject,
        pointer: { before: before === undefined ? undefined : childPointer(`${b.pointer}/_meta`, key), after: after === undefined ? undefined : childPointer(`${a.pointer}/_meta`, key) },
        location: `_meta/${key}`,
        before,
        after,
        message: `${label} _meta "${key}" ${what}; hosts that read it may present or run the tool differently`,
      }),
    );
  }
  return findings;
}
