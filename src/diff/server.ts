// Server-level findings beyond capabilities: the instructions a model reads, the protocol revisions the server
// accepts, and the HTTP transports that answer at its URL. Each is compared only when both sides captured it.

import type { Snapshot } from '../snapshot/types.js';
import { hasPart } from '../snapshot/captured.js';
import type { Finding, Subject } from './types.js';
import { makeFinding } from './finding.js';
import { show } from './schema/keywords.js';

export function diffInstructions(base: Snapshot, head: Snapshot, subject: Subject): Finding[] {
  if (!hasPart(base, 'instructions') || !hasPart(head, 'instructions')) return [];
  const before = base.instructions ?? null;
  const after = head.instructions ?? null;
  if (before === after) return [];
  const what = before === null ? 'now gives instructions' : after === null ? 'no longer gives instructions' : 'changed its instructions';
  return [
    makeFinding({
      rule: 'instructions-changed',
      subject,
      pointer: { before: before === null ? undefined : '/instructions', after: after === null ? undefined : '/instructions' },
      location: 'instructions',
      before,
      after,
      message: `server ${what}${before !== null && after !== null ? ` from ${show(before, 80)} to ${show(after, 80)}` : after !== null ? `: ${show(after, 80)}` : ''}; review them: they change what a model does`,
    }),
  ];
}

export function diffProtocolVersions(base: Snapshot, head: Snapshot, subject: Subject): Finding[] {
  if (!hasPart(base, 'protocolVersions') || !hasPart(head, 'protocolVersions')) return [];
  return setChanges(base.protocolVersions!, head.protocolVersions!, (version, dropped) =>
    makeFinding({
      rule: dropped ? 'protocol-version-dropped' : 'protocol-version-added',
      subject,
      pointer: dropped ? { before: '/protocolVersions' } : { after: '/protocolVersions' },
      location: `protocolVersions/${version}`,
      ...(dropped ? { before: version } : { after: version }),
      message: dropped
        ? `server no longer accepts protocol revision ${version}; clients pinned to it disconnect`
        : `server now accepts protocol revision ${version}`,
    }),
  );
}

export function diffTransports(base: Snapshot, head: Snapshot, subject: Subject): Finding[] {
  if (!hasPart(base, 'transports') || !hasPart(head, 'transports')) return [];
  return setChanges(base.transports!, head.transports!, (transport, dropped) =>
    makeFinding({
      rule: dropped ? 'transport-removed' : 'transport-added',
      subject,
      pointer: dropped ? { before: '/transports' } : { after: '/transports' },
      location: `transports/${transport}`,
      ...(dropped ? { before: transport } : { after: transport }),
      message: dropped
        ? `the ${transport === 'sse' ? 'legacy SSE' : 'Streamable HTTP'} transport no longer answers at the server's URL; clients using it cannot connect`
        : `the ${transport === 'sse' ? 'legacy SSE' : 'Streamable HTTP'} transport now answers at the server's URL`,
    }),
  );
}

function setChanges(before: readonly string[], after: readonly string[], finding: (value: string, dropped: boolean) => Finding): Finding[] {
  const had = new Set(before);
  const has = new Set(after);
  return [...before.filter((v) => !has.has(v)).map((v) => finding(v, true)), ...after.filter((v) => !had.has(v)).map((v) => finding(v, false))];
}
