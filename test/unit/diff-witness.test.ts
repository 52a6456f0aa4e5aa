// Witnesses: each breaking schema finding's `example` really is valid under one schema and rejected by the other
// (checked here with Ajv, independently of the engine), over the whole rule catalogue and the shapes of issue 11.
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { SCHEMA_CASES } from '../fixtures/diff/cases.js';
import { schemaSnapshots, type Area } from '../fixtures/diff/run.js';
import { diffWithExamples } from '../../src/diff/index.js';
import type { Finding } from '../../src/diff/types.js';
import type { Snapshot } from '../../src/snapshot/types.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

/**
 * A fresh, independent validator per check: the one the engine uses is not trusted here. 2020-12 (MCP's default),
 * or draft-07 for a schema written in its style (array-form items).
 */
function valid(schema: unknown, value: unknown): boolean {
  const options = { strict: false, allowUnionTypes: true, logger: false } as const;
  const draft2020 = new Ajv2020(options);
  addFormats(draft2020);
  try {
    return draft2020.validate(schema as object, value) === true;
  } catch {
    const draft07 = new Ajv(options);
    addFormats(draft07 as unknown as Ajv2020);
    return draft07.validate(schema as object, value) === true;
  }
}

function schemaOf(snapshot: Snapshot, area: Area): unknown {
  const tool = snapshot.tools[0]!;
  return area === 'input' ? tool.inputSchema : tool.outputSchema;
}

/** Every breaking finding's example checked both ways; returns the findings for further checks. */
function checkExamples(base: Snapshot, head: Snapshot, findings: Finding[], area: Area): void {
  for (const f of findings) {
    if (f.severity !== 'breaking' || !f.rule.startsWith(`${area}-`)) {
      expect(f.example).toBeUndefined();
      continue;
    }
    expect('example' in f || typeof f.noExample === 'string', `${f.rule} has an example or a reason`).toBe(true);
    if (!('example' in f)) continue;
    const [from, to] = area === 'input' ? [base, head] : [head, base];
    expect(valid(schemaOf(from, area), f.example), `${f.rule}: ${JSON.stringify(f.example)} valid ${area === 'input' ? 'before' : 'after'}`).toBe(true);
    expect(valid(schemaOf(to, area), f.example), `${f.rule}: ${JSON.stringify(f.example)} invalid ${area === 'input' ? 'after' : 'before'}`).toBe(false);
  }
}

describe('witnesses over the rule catalogue', () => {
  for (const [group, cases] of Object.entries(SCHEMA_CASES)) {
    for (const c of cases) {
      for (const area of (c.inputOnly ? ['input'] : ['input', 'output']) as Area[]) {
        it(`${group}: ${c.name} as ${area}`, async () => {
          const { base, head } = schemaSnapshots(area, c.before, c.after);
          const findings = await diffWithExamples(base, head);
          checkExamples(base, head, findings, area);
          for (const f of findings) if (f.severity === 'breaking' && !('example' in f)) console.log('NOEX', area, c.name, f.rule, f.noExample);
        });
      }
    }
  }
});
