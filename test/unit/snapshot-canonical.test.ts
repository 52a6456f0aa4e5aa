import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import snapshotSchema from '../../schemas/snapshot.schema.json' with { type: 'json' };
import { UsageError } from '../../src/errors.js';
import { normalizeSnapshot, parseSnapshot, readSnapshotSource, serializeSnapshot } from '../../src/snapshot/index.js';

const tool = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  inputSchema: { type: 'object', properties: { n: { type: 'integer' } } },
  ...extra,
});

describe('canonical snapshot', () => {
  it('sorts lists by name and keys alphabetically, with a final newline', () => {
    const text = serializeSnapshot(
      normalizeSnapshot({ format: 1, server: { version: '1', name: 's' }, capabilities: {}, tools: [tool('b'), tool('a')] }),
    );
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(text);
    expect(parsed.tools.map((t: { name: string }) => t.name)).toEqual(['a', 'b']);
    // Absent means not captured: the lists this input lacks are left out, not written as empty.
    expect(Object.keys(parsed)).toEqual(['capabilities', 'format', 'server', 'tools']);
    const full = JSON.parse(serializeSnapshot(normalizeSnapshot({ ...parsed, prompts: [], resourceTemplates: [] })));
    expect(Object.keys(full)).toEqual(['capabilities', 'format', 'prompts', 'resourceTemplates', 'server', 'tools']);
  });

  it('removes SDK noise: $schema, zod int bounds, execution.taskSupport forbidden, required order', () => {
    const noisy = normalizeSnapshot({
      tools: [
        {
          name: 't',
          execution: { taskSupport: 'forbidden' },
          inputSchema: {
            $schema: 'http://json-schema.org/draft-07/schema#',
            type: 'object',
            required: ['b', 'a'],
            properties: {
              a: { type: 'integer', minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER },
              b: { type: 'string' },
            },
          },
        },
      ],
    });
    const clean = normalizeSnapshot({
      tools: [
        {
          name: 't',
          inputSchema: {
            $schema: 'https://json-schema.org/draft/2020-12/schema',
            type: 'object',
            required: ['a', 'b'],
            properties: { a: { type: 'integer' }, b: { type: 'string' } },
          },
        },
      ],
    });
    expect(serializeSnapshot(noisy)).toBe(serializeSnapshot(clean));
  });

  it('keeps a real execution setting and real bounds', () => {
    const s = normalizeSnapshot({
      tools: [tool('t', { execution: { taskSupport: 'optional' }, inputSchema: { type: 'object', properties: { a: { type: 'integer', maximum: 10 } } } })],
    });
    expect(s.tools[0]?.execution).toEqual({ taskSupport: 'optional' });
    expect(JSON.stringify(s.tools[0]?.inputSchema)).toContain('"maximum":10');
  });

  it('keeps __proto__ as a plain property name', () => {
    const s = parseSnapshot('{"tools":[{"name":"t","inputSchema":{"type":"object","properties":{"__proto__":{"type":"string"}}}}]}');
    const props = (s.tools[0]?.inputSchema as { properties: object }).properties;
    expect(Object.keys(props)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
  });

  it('accepts a bare tools/list result and a JSON-RPC envelope alike', () => {
    const bare = parseSnapshot(JSON.stringify({ tools: [tool('x')] }));
    const envelope = parseSnapshot(JSON.stringify({ jsonrpc: '2.0', id: 1, result: { tools: [tool('x')] } }));
    expect(serializeSnapshot(envelope)).toBe(serializeSnapshot(bare));
    // A tools/list result says nothing of capabilities, prompts or templates: not captured, so never compared.
    expect(bare.notCaptured).toEqual(['capabilities', 'prompts', 'resourceTemplates']);
    expect(bare.server).toEqual({ name: 'unnamed server', version: '' });
  });

  it('never mutates its input, and shares what is already canonical instead of copying it', () => {
    const deepFreeze = <T>(value: T): T => {
      if (value !== null && typeof value === 'object') for (const v of Object.values(value)) deepFreeze(v);
      return Object.freeze(value);
    };
    const canonicalSchema = { properties: { a: { type: 'string' } }, required: ['a'], type: 'object' };
    const noisySchema = { type: 'object', $schema: 'x', required: ['b', 'a'], properties: { b: { maximum: Number.MAX_SAFE_INTEGER } } };
    const input = deepFreeze({
      tools: [tool('b', { inputSchema: noisySchema }), tool('a', { inputSchema: canonicalSchema })],
      prompts: [{ name: 'z' }, { name: 'y' }],
      resourceTemplates: [],
    });
    // Frozen all the way down: any in-place sort or write would throw here.
    const s = normalizeSnapshot(input);
    expect(s.tools.map((t) => t.name)).toEqual(['a', 'b']);
    expect(s.prompts.map((p) => p.name)).toEqual(['y', 'z']);
    expect(input.prompts.map((p) => p.name)).toEqual(['z', 'y']);
    expect(s.tools[0]?.inputSchema).toBe(canonicalSchema);
    expect(s.tools[1]?.inputSchema).toEqual({ properties: { b: {} }, required: ['a', 'b'], type: 'object' });
    expect(Object.keys(s.tools[1]!.inputSchema)).toEqual(['properties', 'required', 'type']);
  });

  it('validates against the shipped JSON Schema', () => {
    const ajv = new Ajv2020.default({ strict: false });
    const validate = ajv.compile(snapshotSchema);
    const s = normalizeSnapshot({ format: 1, server: { name: 's', version: '1' }, capabilities: { tools: {} }, tools: [tool('a')] });
    expect(validate(JSON.parse(serializeSnapshot(s))), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('bad snapshot input gives one clear line', () => {
  const cases: [string, string, RegExp][] = [
    ['malformed JSON', '{"tools": [', /f: not valid JSON/],
    // The same words on Node 20 and 24: V8 adds the line and column only on 22+, so they are computed here.
    ['malformed JSON on line 2', '{"a": 1,\n bad}', /^f: not valid JSON \(Expected double-quoted property name in JSON at position 10 \(line 2 column 2\)\)$/],
    ['JSON that is no snapshot', '{"hello": 1}', /f: is not a snapshot/],
    ['an array', '[1,2]', /f: is not a snapshot/],
    ['a tool without a name', '{"tools":[{"inputSchema":{}}]}', /f: tools\[0\]: missing "name"/],
    ['a tool without inputSchema', '{"tools":[{"name":"x"}]}', /f: tools\[0\] \("x"\): missing "inputSchema"/],
    ['an unknown format', '{"format":2,"tools":[]}', /unsupported snapshot format 2/],
    ['a JSON-RPC error', '{"jsonrpc":"2.0","id":1,"error":{"code":-1,"message":"boom"}}', /JSON-RPC error response: boom/],
    ['a too deeply nested schema', `{"tools":[{"name":"x","inputSchema":${'{"not":'.repeat(300)}{}${'}'.repeat(300)}}]}`, /nested deeper than/],
  ];
  it.each(cases)('%s', (_name, text, message) => {
    expect(() => parseSnapshot(text, 'f')).toThrow(UsageError);
    expect(() => parseSnapshot(text, 'f')).toThrow(message);
  });
});

describe('snapshot sources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mdg-src-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '-q');
  writeFileSync(join(dir, 's.json'), JSON.stringify({ tools: [tool('old')] }));
  git('add', 's.json');
  git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'base');
  writeFileSync(join(dir, 's.json'), JSON.stringify({ tools: [tool('new')] }));

  it('reads a file, a git revision and stdin', async () => {
    const file = await readSnapshotSource('s.json', { cwd: dir });
    expect(file.snapshot.tools[0]?.name).toBe('new');
    expect(file.file).toBe(join(dir, 's.json'));
    const fromGit = await readSnapshotSource('git:HEAD:s.json', { cwd: dir });
    expect(fromGit.snapshot.tools[0]?.name).toBe('old');
    const fromStdin = await readSnapshotSource('-', { stdin: Readable.from([JSON.stringify({ tools: [tool('in')] })]) });
    expect(fromStdin.snapshot.tools[0]?.name).toBe('in');
  });

  it('names a missing file, a missing git ref and refuses option-like refs', async () => {
    await expect(readSnapshotSource('nope.json', { cwd: dir })).rejects.toThrow('nope.json: cannot read snapshot: no such file');
    await expect(readSnapshotSource('git:no-such-ref:s.json', { cwd: dir })).rejects.toThrow(/git:no-such-ref:s.json: invalid object name/);
    await expect(readSnapshotSource('git:--output=/tmp/x:s.json', { cwd: dir })).rejects.toThrow(/may not start with "-"/);
    await expect(readSnapshotSource('git:HEAD:-p', { cwd: dir })).rejects.toThrow(/may not start with "-"/);
    await expect(readSnapshotSource('git:HEAD', { cwd: dir })).rejects.toThrow(/expected git:REF:PATH/);
  });
});
