// The JSON Schema validator that checks witnesses: Ajv, as MCP clients use it (the TypeScript SDK validates tool
// arguments and structured results with Ajv), with formats asserted (ajv-formats), since a format added is only
// breaking where formats are asserted. Loaded only when a diff has breaking schema findings (a dynamic import),
// so runs without them never pay for it.

import { Ajv, type Options } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { CompiledSchema, SchemaValidator } from './witness.js';
import { isPlainObject } from './keywords.js';

type AnyAjv = Ajv | Ajv2019 | Ajv2020;
const addFormats = addFormatsModule as unknown as (ajv: AnyAjv) => void;

type Dialect = 'draft-07' | '2019-09' | '2020-12';

const OPTIONS: Options = {
  // Real schemas carry unknown keywords and formats: ignored, as clients ignore them.
  strict: false,
  logger: false,
  allowUnionTypes: true,
  // A schema's own $id must not collide with the other version's in one Ajv instance.
  addUsedSchema: false,
  // Not against the meta-schema: compiling it costs more than all of a diff's schemas (~400 ms measured under load
  // vs ~10 ms). A keyword of the wrong type (draft-04 `exclusiveMinimum: true`) still fails to compile, so no
  // schema is read wrongly: it just gets no witness.
  validateSchema: false,
  // Only true/false is asked: no error messages to generate, no code optimisation pass. Compiling is the whole
  // cost of a witness; these two cut it about 3x (measured on generated 1.7 KB tool schemas).
  messages: false,
  code: { optimize: false },
};

/** One Ajv per dialect, made on first use: a diff's schemas are compiled by the same few instances. */
export function createSchemaValidator(): SchemaValidator {
  const instances = new Map<Dialect, AnyAjv>();
  const ajvFor = (dialect: Dialect): AnyAjv => {
    let ajv = instances.get(dialect);
    if (!ajv) {
      ajv = dialect === '2020-12' ? new Ajv2020(OPTIONS) : dialect === '2019-09' ? new Ajv2019(OPTIONS) : new Ajv(OPTIONS);
      addFormats(ajv);
      instances.set(dialect, ajv);
    }
    return ajv;
  };
  return {
    compile(schema: unknown): CompiledSchema {
      if (typeof schema === 'boolean') return () => schema;
      if (!isPlainObject(schema)) return { error: 'not a JSON Schema object' };
      const declared = typeof schema.$schema === 'string' ? schema.$schema : undefined;
      if (declared !== undefined && /draft-0[34]\b/.test(declared)) return { error: `${declared} is not checked (draft-04 bounds read differently)` };
      // Without $schema MCP means 2020-12; a schema written in draft-07 style (array-form items) falls back to draft-07.
      const dialects: Dialect[] = declared === undefined ? ['2020-12', 'draft-07'] : /draft-0[67]/.test(declared) ? ['draft-07'] : /2019-09/.test(declared) ? ['2019-09'] : ['2020-12'];
      const { $schema: _declared, ...body } = schema;
      let error = '';
      for (const dialect of dialects) {
        try {
          const validate = ajvFor(dialect).compile(body);
          return (value: unknown) => validate(value) === true;
        } catch (e) {
          error ||= e instanceof Error ? e.message : String(e);
        }
      }
      return { error };
    },
  };
}
