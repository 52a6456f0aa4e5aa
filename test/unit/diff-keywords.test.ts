// Every keyword of JSON Schema draft-07 and 2020-12 (as their meta-schemas, shipped with Ajv, list them) is in
// the engine's one keyword registry: handled by a detector with direction rules, an annotation that validates
// nothing, or a reference that is resolved, each with a note saying which or why. None is left to a catch-all.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASSERTION_KEYWORDS, KEYWORDS, KEYWORDS_BY_TYPE, OPAQUE_KEYWORDS } from '../../src/diff/schema/keywords.js';

const refs = join(dirname(createRequire(import.meta.url).resolve('ajv/package.json')), 'dist', 'refs');
const propertiesOf = (file: string): string[] => Object.keys((JSON.parse(readFileSync(join(refs, file), 'utf8')) as { properties: Record<string, unknown> }).properties);

const DRAFT_07 = propertiesOf('json-schema-draft-07.json');
const V2020_12 = ['core', 'applicator', 'unevaluated', 'validation', 'meta-data', 'format-annotation', 'content'].flatMap((v) => propertiesOf(`json-schema-2020-12/meta/${v}.json`));

describe('the keyword registry', () => {
  it('the meta-schemas are read (draft-07 and the seven 2020-12 vocabularies)', () => {
    expect(DRAFT_07).toContain('additionalItems');
    expect(V2020_12).toContain('unevaluatedProperties');
  });

  it.each([
    ['draft-07', DRAFT_07],
    ['2020-12', V2020_12],
  ])('every %s keyword is registered, with a note on how it is handled', (_dialect, keywords) => {
    for (const k of keywords) {
      const info = KEYWORDS[k];
      expect(info, k).toBeDefined();
      expect(info!.note.length, k).toBeGreaterThan(5);
    }
  });

  it('no assertion keyword is compared by value only (opaque): each has direction rules', () => {
    expect(OPAQUE_KEYWORDS).toEqual([]);
    const assertions = [...new Set([...DRAFT_07, ...V2020_12])].filter((k) => KEYWORDS[k]!.handling === 'detector');
    expect(assertions.length).toBeGreaterThanOrEqual(40);
  });

  it('the keyword sets derive from it', () => {
    for (const k of ASSERTION_KEYWORDS) expect(['detector', 'reference', 'opaque']).toContain(KEYWORDS[k]!.handling);
    for (const [type, set] of Object.entries(KEYWORDS_BY_TYPE)) for (const k of set) expect(KEYWORDS[k]!.type, k).toBe(type);
  });

  it('each keyword with direction rules names the detector file that reads it', () => {
    const detectors = new URL('../../src/diff/schema/detectors/', import.meta.url);
    for (const [k, info] of Object.entries(KEYWORDS)) {
      if (info.handling !== 'detector') continue;
      const file = new URL(`${info.detector}.ts`, detectors);
      expect(existsSync(file), `${k}: ${info.detector}`).toBe(true);
      expect(readFileSync(file, 'utf8'), `${k} in ${info.detector}.ts`).toMatch(new RegExp(`['\`]${k}['\`]`));
    }
  });
});
