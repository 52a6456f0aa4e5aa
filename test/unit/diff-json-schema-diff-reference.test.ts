// Why the engine is our own: json-schema-diff (named for this job) on concrete schema pairs. It agrees on
// plain structural narrowing, but misses enum/const/pattern/format narrowing and throws on 2020-12 and on
// recursive $ref, all of which MCP tool schemas use. Our engine is shown next to it on the same pairs.
import jsonSchemaDiff from 'json-schema-diff';
import { describe, expect, it } from 'vitest';
import { diffSchema } from '../fixtures/diff/run.js';

type Schema = Record<string, unknown>;

async function reference(before: Schema, after: Schema): Promise<{ removalsFound: boolean; additionsFound: boolean }> {
  const result = await jsonSchemaDiff.diffSchemas({ sourceSchema: before as never, destinationSchema: after as never });
  return { removalsFound: result.removalsFound, additionsFound: result.additionsFound };
}

/** What our engine says about a request schema change: the breaking rule ids. */
const breakingAsInput = (before: Schema, after: Schema) => diffSchema('input', before, after).filter((f) => f.severity === 'breaking').map((f) => f.rule);

describe('json-schema-diff falls short where MCP schemas need it', () => {
  it('misses an enum value removed (a break for every caller that sent it)', async () => {
    const before = { type: 'string', enum: ['celsius', 'fahrenheit', 'kelvin'] };
    const after = { type: 'string', enum: ['celsius', 'fahrenheit'] };
    expect(await reference(before, after)).toEqual({ removalsFound: false, additionsFound: false });
    expect(breakingAsInput(before, after)).toEqual(['input-enum-value-removed']);
  });

  it.each([
    ['a pattern added', { type: 'string', pattern: '^[A-Z]{3}$' }, 'input-pattern-added'],
    ['a format added', { type: 'string', format: 'email' }, 'input-format-added'],
    ['a const added', { type: 'string', const: 'v1' }, 'input-const-added'],
  ])('misses %s', async (_name, after, rule) => {
    expect((await reference({ type: 'string' }, after)).removalsFound).toBe(false);
    expect(breakingAsInput({ type: 'string' }, after)).toEqual([rule]);
  });

  it('throws on a JSON Schema 2020-12 $schema (the MCP default dialect since 2025-11-25)', async () => {
    const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { city: { type: 'string' } } };
    await expect(reference(schema, { ...schema, required: ['city'] })).rejects.toThrow(/2020-12/);
    expect(breakingAsInput(schema, { ...schema, required: ['city'] })).toEqual(['input-required-property-added']);
  });

  it('throws on a recursive $ref', async () => {
    const tree = { type: 'object', properties: { children: { type: 'array', items: { $ref: '#' } } } };
    await expect(reference(tree, { ...tree, required: ['children'] })).rejects.toThrow(/[Cc]ircular/);
    expect(breakingAsInput(tree, { ...tree, required: ['children'] })).toEqual(['input-required-property-added']);
  });
});

describe('where json-schema-diff is right, the engine agrees', () => {
  it.each([
    ['null dropped from the type', { type: ['string', 'null'] }, { type: 'string' }, ['input-type-narrowed']],
    ['a property made required', { type: 'object', properties: { a: { type: 'string' } } }, { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, ['input-required-property-added']],
    ['maxLength lowered', { type: 'string', maxLength: 10 }, { type: 'string', maxLength: 5 }, ['input-max-length-tightened']],
  ])('%s: both see a removal', async (_name, before, after, rules) => {
    expect((await reference(before, after)).removalsFound).toBe(true);
    expect(breakingAsInput(before, after)).toEqual(rules);
  });

  it('reordered anyOf and inline vs $ref: neither reports anything', async () => {
    const pairs: [Schema, Schema][] = [
      [{ anyOf: [{ type: 'string' }, { type: 'number' }] }, { anyOf: [{ type: 'number' }, { type: 'string' }] }],
      [{ type: 'object', properties: { a: { $ref: '#/definitions/A' } }, definitions: { A: { type: 'string' } } }, { type: 'object', properties: { a: { type: 'string' } } }],
    ];
    for (const [before, after] of pairs) {
      expect(await reference(before, after)).toEqual({ removalsFound: false, additionsFound: false });
      expect(diffSchema('input', before, after)).toEqual([]);
    }
  });
});
