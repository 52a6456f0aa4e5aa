// schemas/policy.schema.json (for editors) agrees with the validator on what a policy file may hold.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RULES } from '../../src/diff/rules.js';
import { parsePolicy } from '../../src/policy/index.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../schemas/policy.schema.json', import.meta.url), 'utf8')));
const rule = RULES[0]!.id;

describe('policy.schema.json', () => {
  it.each([
    '',
    'failOn: never',
    `rules:\n  ${rule}: off`,
    'ignore:\n  - fingerprint: abc\n    reason: ok\n    expires: 2026-12-31',
    `ignore:\n  - rule: ${rule}\n    subject: tool/get_forecast\n    reason: ok`,
    `ignore:\n  - rule: ${rule}\n    subject: workload/Deployment/mcp/weather\n    reason: ok`,
  ])('accepts what the validator accepts: %j', (text) => {
    expect(() => parsePolicy(text, 'p.yml')).not.toThrow();
    expect(validate(parse(text) ?? null), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    'failOn: breakng',
    'failon: breaking',
    `rules:\n  ${rule}: fatal`,
    'ignore:\n  - fingerprint: abc',
    'ignore:\n  - fingerprint: abc\n    reason: "  "',
    'ignore:\n  - reason: no target',
    `ignore:\n  - fingerprint: a\n    rule: ${rule}\n    subject: tool/x\n    reason: r`,
    `ignore:\n  - rule: ${rule}\n    subject: widget/x\n    reason: r`,
    `ignore:\n  - rule: ${rule}\n    reason: r`,
    'ignore:\n  - fingerprint: a\n    reason: r\n    expires: next week',
    'ignore:\n  - fingerprint: a\n    reason: r\n    note: x',
  ])('rejects what the validator rejects: %j', (text) => {
    expect(() => parsePolicy(text, 'p.yml')).toThrow();
    expect(validate(parse(text))).toBe(false);
  });
});
