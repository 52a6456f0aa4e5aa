// Static resource findings (resources/list): resources matched by URI, which is what clients read them by.
// Also the tools whose MCP Apps UI resource (`_meta.ui.resourceUri`, a `ui://` URI) is no longer listed.

import type { Resource, Tool } from '../snapshot/types.js';
import type { Finding, Subject } from './types.js';
import { makeFinding } from './finding.js';
import { listedBy, type Listed } from './listed.js';
import { isPlainObject, show } from './schema/keywords.js';

const DESCRIBED = ['name', 'title', 'description'] as const;

export function diffResources(baseResources: readonly Resource[], headResources: readonly Resource[]): Finding[] {
  const base = byUri(baseResources);
  const head = byUri(headResources);
  const findings: Finding[] = [];
  for (const [uri, b] of base) {
    const subject: Subject = { kind: 'resource', name: uri };
    const a = head.get(uri);
    if (!a) {
      findings.push(makeFinding({ rule: 'resource-removed', subject, pointer: { before: b.pointer }, location: 'resource', before: uri, message: `resource "${uri}" was removed; clients reading it fail` }));
      continue;
    }
    if (b.item.mimeType !== a.item.mimeType) {
      findings.push(
        makeFinding({
          rule: 'resource-mime-type-changed',
          subject,
          pointer: { before: b.pointer, after: a.pointer },
          location: 'mimeType',
          before: b.item.mimeType,
          after: a.item.mimeType,
          message: `resource "${uri}" mimeType changed from ${show(b.item.mimeType ?? 'unset')} to ${show(a.item.mimeType ?? 'unset')}`,
        }),
      );
    }
    for (const field of DESCRIBED) {
      const before = b.item[field];
      const after = a.item[field];
      if (before === after) continue;
      findings.push(
        makeFinding({
          rule: 'resource-description-changed',
          subject,
          pointer: { before: before === undefined ? b.pointer : `${b.pointer}/${field}`, after: after === undefined ? a.pointer : `${a.pointer}/${field}` },
          location: field,
          before,
          after,
          message: `resource "${uri}" ${field} changed from ${show(before ?? 'unset', 80)} to ${show(after ?? 'unset', 80)}; review it: a model reads it`,
        }),
      );
    }
  }
  for (const [uri, a] of head) {
    if (!base.has(uri)) findings.push(makeFinding({ rule: 'resource-added', subject: { kind: 'resource', name: uri }, pointer: { after: a.pointer }, location: 'resource', after: uri, message: `resource "${uri}" was added` }));
  }
  return findings;
}

/**
 * Tools of the head whose UI resource was listed by the base and is no longer listed: the host fetches it to
 * render the tool, so the tool breaks even if its schemas are the same. Only compared when both sides hold resources.
 */
export function diffToolUiResources(baseResources: readonly Resource[], headResources: readonly Resource[], headTools: readonly Tool[]): Finding[] {
  const listedBefore = byUri(baseResources);
  const listedNow = byUri(headResources);
  const findings: Finding[] = [];
  headTools.forEach((tool, index) => {
    const uri = uiResourceUri(tool);
    if (uri === undefined || listedNow.has(uri) || !listedBefore.has(uri)) return;
    findings.push(
      makeFinding({
        rule: 'tool-ui-resource-removed',
        subject: { kind: 'tool', name: tool.name },
        pointer: { before: listedBefore.get(uri)!.pointer, after: `/tools/${index}/_meta` },
        location: '_meta/ui/resourceUri',
        before: uri,
        message: `tool "${tool.name}" shows UI resource "${uri}", which is no longer listed; hosts rendering the tool's UI fail`,
      }),
    );
  });
  return findings;
}

/** MCP Apps: `_meta.ui.resourceUri`, a `ui://` URI. */
function uiResourceUri(tool: Tool): string | undefined {
  const meta = tool._meta;
  const ui = isPlainObject(meta) ? meta.ui : undefined;
  const uri = isPlainObject(ui) ? ui.resourceUri : undefined;
  return typeof uri === 'string' && uri.startsWith('ui://') ? uri : undefined;
}

function byUri(items: readonly Resource[]): Map<string, Listed<Resource>> {
  return listedBy(items, 'uri', '/resources');
}
