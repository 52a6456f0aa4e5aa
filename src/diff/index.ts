// The diff engine's entry point: Snapshot x Snapshot -> Finding[], pure and deterministic.
// Tools and prompts are matched by name, resource templates by uriTemplate, plus the server's capabilities.

import type { Snapshot } from '../snapshot/types.js';
import type { Finding } from './types.js';
import { diffCapabilities } from './capabilities.js';
import { compareFindings } from './finding.js';
import { diffPrompts } from './prompts.js';
import { diffResourceTemplates } from './resource-templates.js';
import { diffTools } from './tools.js';

/**
 * Every change from `base` to `head`, sorted by severity, subject kind, subject name and pointer.
 * Pointers index the snapshots' lists as given (sorted by name in a canonical snapshot); fingerprints do
 * not depend on list positions, so an unrelated tool added or removed leaves other fingerprints alone.
 */
export function diffSnapshots(base: Snapshot, head: Snapshot): Finding[] {
  const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);
  const serverName = typeof base?.server?.name === 'string' ? base.server.name : typeof head?.server?.name === 'string' ? head.server.name : 'server';
  const findings = [
    ...diffTools(list(base?.tools), list(head?.tools)),
    ...diffPrompts(list(base?.prompts), list(head?.prompts)),
    ...diffResourceTemplates(list(base?.resourceTemplates), list(head?.resourceTemplates)),
    ...diffCapabilities(base?.capabilities, head?.capabilities, serverName),
  ];
  return findings.sort(compareFindings);
}
