// Resource template findings: templates matched by uriTemplate (what clients build URIs from); a template
// whose name survives with another uriTemplate is reported as a changed URI, not as removed + added.

import type { ResourceTemplate } from '../snapshot/types.js';
import type { Finding, Subject } from './types.js';
import { makeFinding } from './finding.js';
import { listedBy, type Listed as ListedItem } from './listed.js';
import { show } from './schema/keywords.js';

type Listed = ListedItem<ResourceTemplate>;

export function diffResourceTemplates(baseTemplates: readonly ResourceTemplate[], headTemplates: readonly ResourceTemplate[]): Finding[] {
  const base = byUri(baseTemplates);
  const head = byUri(headTemplates);
  const findings: Finding[] = [];
  const addedByName = new Map<string, Listed>();
  for (const [uri, a] of head) if (!base.has(uri) && !addedByName.has(nameOf(a))) addedByName.set(nameOf(a), a);
  const moved = new Set<Listed>();
  for (const [uri, b] of base) {
    const subject: Subject = { kind: 'resourceTemplate', name: nameOf(b) };
    const a = head.get(uri);
    if (a) {
      if (b.item.mimeType !== a.item.mimeType) {
        findings.push(
          makeFinding({
            rule: 'resource-template-mime-type-changed',
            subject,
            pointer: { before: `${b.pointer}/mimeType`, after: `${a.pointer}/mimeType` },
            location: 'mimeType',
            before: b.item.mimeType,
            after: a.item.mimeType,
            message: `resource template "${subject.name}" mimeType changed from ${show(b.item.mimeType ?? 'unset')} to ${show(a.item.mimeType ?? 'unset')}`,
          }),
        );
      }
      continue;
    }
    const renamed = addedByName.get(nameOf(b));
    if (renamed && !moved.has(renamed)) {
      moved.add(renamed);
      findings.push(
        makeFinding({
          rule: 'resource-template-uri-changed',
          subject,
          pointer: { before: `${b.pointer}/uriTemplate`, after: `${renamed.pointer}/uriTemplate` },
          location: 'uriTemplate',
          before: uri,
          after: renamed.item.uriTemplate,
          message: `resource template "${subject.name}" uriTemplate changed from "${uri}" to "${renamed.item.uriTemplate}"; URIs built from the old one fail`,
        }),
      );
      continue;
    }
    findings.push(makeFinding({ rule: 'resource-template-removed', subject, pointer: { before: b.pointer }, location: 'resourceTemplate', before: uri, message: `resource template "${subject.name}" (${uri}) was removed; clients reading its URIs fail` }));
  }
  for (const [uri, a] of head) {
    if (base.has(uri) || moved.has(a)) continue;
    findings.push(makeFinding({ rule: 'resource-template-added', subject: { kind: 'resourceTemplate', name: nameOf(a) }, pointer: { after: a.pointer }, location: 'resourceTemplate', after: uri, message: `resource template "${nameOf(a)}" (${uri}) was added` }));
  }
  return findings;
}

function nameOf(t: Listed): string {
  return typeof t.item.name === 'string' ? t.item.name : t.item.uriTemplate;
}

function byUri(items: readonly ResourceTemplate[]): Map<string, Listed> {
  return listedBy(items, 'uriTemplate', '/resourceTemplates');
}
