// Tool findings: tools matched by name, renames and kept aliases recognised by equivalent schemas, and per
// tool the description, annotations, task support and the input (request) and output (response) schemas.

import type { Tool } from '../snapshot/types.js';
import type { Finding, Subject } from './types.js';
import { jsonEqual } from '../json.js';
import { makeFinding } from './finding.js';
import { compareSchemas, type SchemaComparison } from './schema/compare.js';
import { DiffContext } from './schema/context.js';
import { semanticKey } from './schema/equivalence.js';
import { diffToolPresentation } from './tool-presentation.js';
import { findCompatibleRenames, foldName } from './tool-renames.js';
import { isPlainObject, nestsDeeperThan, show } from './schema/keywords.js';
import type { WitnessRequest } from './schema/witness.js';

interface Listed {
  tool: Tool;
  index: number;
  pointer: string;
}

const DEPRECATED = /\bdeprecated\b/i;

/** `witnesses`, when given, receives each breaking schema finding with what is needed to build its example. */
export function diffTools(baseTools: readonly Tool[], headTools: readonly Tool[], witnesses?: WitnessRequest[]): Finding[] {
  // Memo tables and the work budget are per diff: the result depends on the two snapshots only.
  const ctx = new DiffContext();
  const shapeKey = (t: Listed) => shapeKeyOf(ctx, t);
  const base = byName(baseTools);
  const head = byName(headTools);
  const findings: Finding[] = [];
  const removed = [...base.values()].filter((t) => !head.has(t.tool.name));
  const added = [...head.values()].filter((t) => !base.has(t.tool.name));

  // Renames: a removed and an added tool with equivalent schemas, matched through hash maps (linear):
  // first by exact JSON (cheap, the usual case), then by semantic key for the rest.
  const renames = new Map<string, Listed>();
  const matched = new Set<string>();
  for (const keyOf of [rawKeyOf, shapeKey]) {
    const addedByKey = new Map<string, Listed[]>();
    for (const t of added) {
      if (matched.has(t.tool.name)) continue;
      const key = keyOf(t);
      const list = addedByKey.get(key);
      if (list) list.push(t);
      else addedByKey.set(key, [t]);
    }
    if (addedByKey.size === 0) break;
    for (const old of removed) {
      if (renames.has(old.tool.name)) continue;
      const candidates = (addedByKey.get(keyOf(old)) ?? []).filter((t) => !matched.has(t.tool.name));
      // A tool without arguments or output schema looks like any other: then only an equal description counts.
      const usable = isTrivial(old.tool) ? candidates.filter((t) => t.tool.description === old.tool.description) : candidates;
      const folded = foldName(old.tool.name);
      const renamed = usable.find((t) => foldName(t.tool.name) === folded) ?? usable.find((t) => t.tool.description === old.tool.description) ?? usable[0];
      if (renamed) {
        matched.add(renamed.tool.name);
        renames.set(old.tool.name, renamed);
      }
    }
  }
  // Renames that changed the input too, compatibly: matched by folded names or by required properties and description.
  for (const [oldName, renamed] of findCompatibleRenames(
    removed.filter((t) => !renames.has(t.tool.name)),
    added.filter((t) => !matched.has(t.tool.name)),
    ctx,
  )) {
    matched.add(renamed.tool.name);
    renames.set(oldName, renamed);
  }
  for (const old of removed) {
    const renamed = renames.get(old.tool.name);
    if (renamed) {
      findings.push(
        makeFinding({
          rule: 'tool-renamed',
          subject: subjectOf(old),
          pointer: { before: old.pointer, after: renamed.pointer },
          location: 'tool',
          before: old.tool.name,
          after: renamed.tool.name,
          message: `tool "${old.tool.name}" was renamed to "${renamed.tool.name}"; clients calling the old name fail`,
        }),
      );
    } else {
      findings.push(
        makeFinding({
          rule: 'tool-removed',
          subject: subjectOf(old),
          pointer: { before: old.pointer },
          location: 'tool',
          before: old.tool.name,
          message: `tool "${old.tool.name}" was removed; clients calling it fail`,
        }),
      );
    }
  }

  // Aliases: a new tool beside an old one that is still listed, now described as deprecated, same schemas.
  const deprecatedByShape = new Map<string, Listed>();
  for (const t of head.values()) {
    const old = base.get(t.tool.name);
    if (old && typeof t.tool.description === 'string' && DEPRECATED.test(t.tool.description)) {
      const key = shapeKey(t);
      if (!deprecatedByShape.has(key)) deprecatedByShape.set(key, t);
    }
  }
  const aliasKept = new Set<string>();
  for (const t of added) {
    if (matched.has(t.tool.name)) continue;
    const alias = deprecatedByShape.size ? deprecatedByShape.get(shapeKey(t)) : undefined;
    if (alias && !aliasKept.has(alias.tool.name)) {
      aliasKept.add(alias.tool.name);
      findings.push(
        makeFinding({
          rule: 'tool-alias-kept',
          subject: subjectOf(alias),
          pointer: { before: base.get(alias.tool.name)!.pointer, after: t.pointer },
          location: 'tool',
          before: alias.tool.name,
          after: t.tool.name,
          message: `tool "${t.tool.name}" was added as the new name of "${alias.tool.name}", which is kept as a deprecated alias; old callers keep working`,
        }),
      );
      continue;
    }
    findings.push(
      makeFinding({
        rule: 'tool-added',
        subject: subjectOf(t),
        pointer: { after: t.pointer },
        location: 'tool',
        after: t.tool.name,
        message: `tool "${t.tool.name}" was added`,
      }),
    );
    findings.push(...conformance(undefined, t));
  }

  for (const b of base.values()) {
    const a = head.get(b.tool.name);
    // Most tools of a release are unchanged: one walk proves it, where the per-part comparisons would each walk
    // and build their labels and pointers first. An unchanged tool has no finding (conformance is reported when
    // it appears, and it cannot appear in an unchanged tool).
    if (a && !jsonEqual(b.tool, a.tool)) findings.push(...diffTool(ctx, b, a, aliasKept.has(a.tool.name), witnesses));
  }
  return findings;
}

/** A schema comparison's findings; the breaking ones also go to `witnesses`, to be given an example. */
function schemaFindings(comparison: SchemaComparison, witnesses: WitnessRequest[] | undefined): Finding[] {
  return compareSchemas(comparison).map(({ finding, location }) => {
    if (witnesses && finding.severity === 'breaking' && finding.rule !== 'schema-ref-unresolvable') {
      witnesses.push({ finding, area: comparison.area, base: comparison.base, head: comparison.head, location });
    }
    return finding;
  });
}

function diffTool(ctx: DiffContext, b: Listed, a: Listed, isKeptAlias: boolean, witnesses: WitnessRequest[] | undefined): Finding[] {
  const findings: Finding[] = [];
  const subject = subjectOf(a);
  const label = `tool "${a.tool.name}"`;
  const bd = b.tool.description;
  const ad = a.tool.description;
  // The deprecation notice of a kept alias is the expected change; the alias finding reports it.
  if (bd !== ad && !isKeptAlias) {
    findings.push(
      makeFinding({
        rule: 'tool-description-changed',
        subject,
        pointer: { before: bd === undefined ? undefined : `${b.pointer}/description`, after: ad === undefined ? undefined : `${a.pointer}/description` },
        location: 'description',
        before: bd,
        after: ad,
        message: `${label} description changed from ${show(bd ?? '', 80)} to ${show(ad ?? '', 80)}; review it: it changes what a model does with the tool`,
      }),
    );
  }
  findings.push(...diffToolPresentation(b, a, subject, label));
  findings.push(...annotations(b, a, subject, label));
  findings.push(...taskSupport(b, a, subject, label));
  findings.push(...conformance(b, a));
  findings.push(
    ...schemaFindings(
      {
        area: 'input',
        subject,
        label,
        location: 'inputSchema',
        base: { root: b.tool.inputSchema, pointer: `${b.pointer}/inputSchema`, ctx },
        head: { root: a.tool.inputSchema, pointer: `${a.pointer}/inputSchema`, ctx },
      },
      witnesses,
    ),
  );
  const bo = b.tool.outputSchema;
  const ao = a.tool.outputSchema;
  if (bo !== undefined && ao !== undefined) {
    findings.push(
      ...schemaFindings(
        {
          area: 'output',
          subject,
          label,
          location: 'outputSchema',
          base: { root: bo, pointer: `${b.pointer}/outputSchema`, ctx },
          head: { root: ao, pointer: `${a.pointer}/outputSchema`, ctx },
        },
        witnesses,
      ),
    );
  } else if (bo !== undefined) {
    findings.push(
      makeFinding({
        rule: 'output-schema-removed',
        subject,
        pointer: { before: `${b.pointer}/outputSchema` },
        location: 'outputSchema',
        before: nestsDeeperThan(bo) ? undefined : bo,
        message: `${label} no longer declares an outputSchema; clients relying on its structuredContent break`,
      }),
    );
  } else if (ao !== undefined) {
    findings.push(
      makeFinding({
        rule: 'output-schema-added',
        subject,
        pointer: { after: `${a.pointer}/outputSchema` },
        location: 'outputSchema',
        after: nestsDeeperThan(ao) ? undefined : ao,
        message: `${label} now declares an outputSchema`,
      }),
    );
  }
  return findings;
}

/** Spec defaults for absent hints; a read-only tool is by definition not destructive and idempotent. */
function effectiveHints(tool: Tool): Record<'readOnlyHint' | 'destructiveHint' | 'idempotentHint' | 'openWorldHint', boolean> {
  const h = isPlainObject(tool.annotations) ? tool.annotations : {};
  const readOnly = h.readOnlyHint === true;
  return {
    readOnlyHint: readOnly,
    destructiveHint: readOnly ? false : h.destructiveHint !== false,
    idempotentHint: readOnly ? true : h.idempotentHint === true,
    openWorldHint: h.openWorldHint !== false,
  };
}

/** For each hint, the value that is the riskier one. */
const RISKY: Record<string, boolean> = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };

function annotations(b: Listed, a: Listed, subject: Subject, label: string): Finding[] {
  const bh = effectiveHints(b.tool);
  const ah = effectiveHints(a.tool);
  const findings: Finding[] = [];
  const safer: (keyof typeof bh)[] = [];
  for (const hint of Object.keys(bh) as (keyof typeof bh)[]) {
    if (bh[hint] === ah[hint]) continue;
    if (ah[hint] !== RISKY[hint]) {
      safer.push(hint);
      continue;
    }
    findings.push(
      makeFinding({
        rule: 'tool-annotation-riskier',
        subject,
        pointer: { before: fieldPointer(b, 'annotations', hint), after: fieldPointer(a, 'annotations', hint) },
        location: `annotations/${hint}`,
        before: bh[hint],
        after: ah[hint],
        message: `${label} ${hint} is now ${ah[hint]} (was ${bh[hint]}, counting absent hints as the spec defaults); clients that auto-approve by hints may now run it unchecked`,
      }),
    );
  }
  // Hints turning safer say nothing a reviewer must act on: one finding per tool lists them all, instead of up
  // to four lines that drown the ones that matter (a real upgrade adds annotations to every tool at once).
  if (safer.length > 0) {
    const pick = (h: typeof bh) => Object.fromEntries(safer.map((hint) => [hint, h[hint]]));
    findings.push(
      makeFinding({
        rule: 'tool-annotation-safer',
        subject,
        pointer: {
          before: safer.length === 1 ? fieldPointer(b, 'annotations', safer[0]!) : isPlainObject(b.tool.annotations) ? `${b.pointer}/annotations` : b.pointer,
          after: safer.length === 1 ? fieldPointer(a, 'annotations', safer[0]!) : isPlainObject(a.tool.annotations) ? `${a.pointer}/annotations` : a.pointer,
        },
        location: 'annotations',
        before: pick(bh),
        after: pick(ah),
        message: `${label} hints turned safer: ${safer.map((hint) => `${hint} ${bh[hint]} -> ${ah[hint]}`).join(', ')} (counting absent hints as the spec defaults)`,
      }),
    );
  }
  return findings;
}

const TASK_SUPPORT = ['forbidden', 'optional', 'required'];

function taskSupportOf(tool: Tool): string {
  const value = isPlainObject(tool.execution) ? tool.execution.taskSupport : undefined;
  return typeof value === 'string' && TASK_SUPPORT.includes(value) ? value : 'forbidden';
}

function taskSupport(b: Listed, a: Listed, subject: Subject, label: string): Finding[] {
  const before = taskSupportOf(b.tool);
  const after = taskSupportOf(a.tool);
  if (before === after) return [];
  const widened = after === 'optional';
  return [
    makeFinding({
      rule: widened ? 'tool-task-support-widened' : 'tool-task-support-narrowed',
      subject,
      pointer: { before: fieldPointer(b, 'execution', 'taskSupport'), after: fieldPointer(a, 'execution', 'taskSupport') },
      location: 'execution/taskSupport',
      before,
      after,
      message: `${label} execution.taskSupport changed from "${before}" to "${after}"${widened ? '' : after === 'required' ? '; plain tools/call requests now fail' : '; calls made as tasks now fail'}`,
    }),
  ];
}

/** Non-conformance is reported when it appears (a new tool, or a conformant tool turning non-conformant). */
function conformance(b: Listed | undefined, a: Listed): Finding[] {
  const problem = nonconformance(a.tool);
  if (!problem || (b && nonconformance(b.tool))) return [];
  return [
    makeFinding({
      rule: 'tool-schema-nonconformant',
      subject: subjectOf(a),
      pointer: { before: b?.pointer, after: a.pointer },
      location: 'conformance',
      after: problem.value,
      message: `tool "${a.tool.name}" ${problem.text}; the SDKs reject such a tool list, and it is diffed as far as possible`,
    }),
  ];
}

function nonconformance(tool: Tool): { text: string; value: unknown } | undefined {
  const input: unknown = tool.inputSchema;
  if (!isPlainObject(input)) return { text: `inputSchema is ${show(input)}, not a JSON Schema object`, value: input };
  if (input.type !== 'object') return { text: `inputSchema has no top-level "type": "object" (type is ${show(input.type)})`, value: input.type };
  const output: unknown = tool.outputSchema;
  if (output !== undefined && !isPlainObject(output)) return { text: `outputSchema is ${show(output)}, not a JSON Schema object`, value: output };
  return undefined;
}

/** `/tools/i/field/key` when the tool spells it out, else the nearest thing that exists (defaults are implicit). */
function fieldPointer(t: Listed, field: 'annotations' | 'execution', key: string): string {
  const container = t.tool[field];
  if (!isPlainObject(container)) return t.pointer;
  return key in container ? `${t.pointer}/${field}/${key}` : `${t.pointer}/${field}`;
}

function byName(tools: readonly Tool[]): Map<string, Listed> {
  const map = new Map<string, Listed>();
  tools.forEach((tool, index) => {
    if (!isPlainObject(tool) || typeof tool.name !== 'string' || map.has(tool.name)) return;
    map.set(tool.name, { tool, index, pointer: `/tools/${index}` });
  });
  return map;
}

function subjectOf(t: Listed): Subject {
  return { kind: 'tool', name: t.tool.name };
}

/** The exact JSON of a tool's schemas (canonical snapshots have sorted keys, so equal text is the common case). */
function rawKeyOf(t: Listed): string {
  // Too deep to hash safely: a key nothing else has, so the tool is never paired.
  if (nestsDeeperThan(t.tool)) return `deep:${t.tool.name}`;
  return JSON.stringify([t.tool.inputSchema, t.tool.outputSchema ?? null]);
}

/** The meaning of a tool's input and output schemas, as one hashable key. */
function shapeKeyOf(ctx: DiffContext, t: Listed): string {
  const cached = ctx.shapes.get(t.tool);
  if (cached) return cached;
  if (nestsDeeperThan(t.tool)) return `deep:${t.tool.name}`;
  const input = semanticKey({ root: t.tool.inputSchema, pointer: `${t.pointer}/inputSchema`, ctx }, t.tool.inputSchema);
  const output = t.tool.outputSchema === undefined ? '-' : semanticKey({ root: t.tool.outputSchema, pointer: `${t.pointer}/outputSchema`, ctx }, t.tool.outputSchema);
  const key = `${input} ${output}`;
  ctx.shapes.set(t.tool, key);
  return key;
}

function isTrivial(tool: Tool): boolean {
  const input = tool.inputSchema;
  const hasProperties = isPlainObject(input) && isPlainObject(input.properties) && Object.keys(input.properties).length > 0;
  return !hasProperties && tool.outputSchema === undefined;
}
