// The diff engine's entry point: Snapshot x Snapshot -> Finding[], pure and deterministic.
// Tools and prompts are matched by name, resource templates by uriTemplate, plus the server's capabilities.

import { hasPart } from '../snapshot/captured.js';
import { SURFACE_PARTS, type Snapshot, type SurfacePart } from '../snapshot/types.js';
import type { Finding } from './types.js';
import { diffCapabilities } from './capabilities.js';
import { compareFindings } from './finding.js';
import { diffPrompts } from './prompts.js';
import { diffResourceTemplates } from './resource-templates.js';
import { diffResources, diffToolUiResources } from './resources.js';
import { diffInstructions, diffProtocolVersions, diffTransports } from './server.js';
import { diffTools } from './tools.js';
import { resetKeyMemo } from './schema/equivalence.js';
import { resetSchemaCaches } from './schema/resolve.js';
import { attachWitnesses, type WitnessRequest } from './schema/witness.js';

/**
 * Every change from `base` to `head`, sorted by severity, subject kind, subject name and pointer.
 * Pointers index the snapshots' lists as given (sorted by name in a canonical snapshot); fingerprints do
 * not depend on list positions, so an unrelated tool added or removed leaves other fingerprints alone.
 */
export function diffSnapshots(base: Snapshot, head: Snapshot): Finding[] {
  return diffCollecting(base, head, undefined);
}

/**
 * diffSnapshots, and each breaking schema finding given `example` (or `noExample`), checked by a JSON Schema
 * validator (Ajv) that is loaded only when there are such findings: a diff without them never loads it.
 */
export async function diffWithExamples(base: Snapshot, head: Snapshot): Promise<Finding[]> {
  const witnesses: WitnessRequest[] = [];
  const findings = diffCollecting(base, head, witnesses);
  if (witnesses.length > 0) {
    const { createSchemaValidator } = await import('./schema/validate.js');
    attachWitnesses(witnesses, createSchemaValidator());
  }
  return findings;
}

function diffCollecting(base: Snapshot, head: Snapshot, witnesses: WitnessRequest[] | undefined): Finding[] {
  // Memo tables are per diff: the result depends on the two snapshots only, never on an earlier call.
  resetSchemaCaches();
  resetKeyMemo();
  const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);
  const serverName = typeof base?.server?.name === 'string' ? base.server.name : typeof head?.server?.name === 'string' ? head.server.name : 'server';
  // Absent means not captured: a part only one side holds is not compared (buildReport says so once).
  const both = (part: SurfacePart) => hasPart(base, part) && hasPart(head, part);
  const server = { kind: 'server', name: serverName } as const;
  const findings = [
    ...(both('tools') ? diffTools(list(base?.tools), list(head?.tools), witnesses) : []),
    ...(both('prompts') ? diffPrompts(list(base?.prompts), list(head?.prompts)) : []),
    ...(both('resourceTemplates') ? diffResourceTemplates(list(base?.resourceTemplates), list(head?.resourceTemplates)) : []),
    ...(both('resources') ? diffResources(list(base.resources), list(head.resources)) : []),
    ...(both('resources') && hasPart(head, 'tools') ? diffToolUiResources(list(base.resources), list(head.resources), list(head.tools)) : []),
    ...(both('capabilities') ? diffCapabilities(base?.capabilities, head?.capabilities, serverName) : []),
    ...diffInstructions(base, head, server),
    ...diffProtocolVersions(base, head, server),
    ...diffTransports(base, head, server),
  ];
  return findings.sort(compareFindings);
}

/** The parts of the surface one side holds and the other does not: not compared, and said so once in the report. */
export function uncomparedParts(base: Snapshot, head: Snapshot): { part: SurfacePart; missingIn: 'base' | 'head' }[] {
  const out: { part: SurfacePart; missingIn: 'base' | 'head' }[] = [];
  for (const part of SURFACE_PARTS) {
    const inBase = hasPart(base, part);
    const inHead = hasPart(head, part);
    if (inBase !== inHead) out.push({ part, missingIn: inBase ? 'head' : 'base' });
  }
  return out;
}
