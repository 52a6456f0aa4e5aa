// Strict validation of a parsed `.mcp-drift-guard.yml`: every unknown key or bad value is a UsageError that
// names the file and the path (`.mcp-drift-guard.yml: ignore[1].reason: required`), never a silent default.
import { UsageError } from '../errors.js';
import { CATALOGUE, catalogueRule } from './catalogue.js';
import { parseSubject, SUBJECT_KINDS } from './subject.js';
import type { FailOn, IgnoreEntry, Policy, RuleSetting, Versioning } from './types.js';

const FAIL_ON: readonly FailOn[] = ['breaking', 'warning', 'never'];
const RULE_SETTINGS: readonly RuleSetting[] = ['breaking', 'warning', 'safe', 'off'];
const TOP_KEYS = ['failOn', 'versioning', 'rules', 'ignore'];
const VERSIONING: readonly Versioning[] = ['semver'];
const IGNORE_KEYS = ['fingerprint', 'rule', 'subject', 'reason', 'expires'];
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}

/** Edit distance, for "did you mean" on a mistyped rule id. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** An unknown rule id, with the nearest known one when it is close: for the policy and `rules RULE`. */
export function unknownRule(id: unknown): string {
  const text = typeof id === 'string' ? id : '';
  let best: { id: string; d: number } | undefined;
  for (const rule of CATALOGUE) {
    const d = distance(text, rule.id);
    if (!best || d < best.d) best = { id: rule.id, d };
  }
  const hint = best && best.d <= Math.max(2, Math.floor(text.length / 5)) ? `did you mean "${best.id}"? ` : '';
  return `unknown rule id ${describe(id)} (${hint}see \`mcp-drift-guard rules\`)`;
}

function oneOf(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

/** A real calendar date: `2026-02-30` is rejected, not rolled over into March. */
function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function validatePolicy(raw: unknown, file: string): Policy {
  const fail = (path: string, problem: string): never => {
    throw new UsageError(`${file}: ${path}: ${problem}`);
  };
  // An empty file is a policy with every default.
  if (raw === null || raw === undefined) return { failOn: 'breaking', rules: {}, ignore: [], file };
  if (!isObject(raw)) fail('(top level)', `must be a mapping with keys ${oneOf(TOP_KEYS)}, got ${describe(raw)}`);
  const top = raw as Json;
  for (const key of Object.keys(top)) {
    if (!TOP_KEYS.includes(key)) fail(key, `unknown key (expected one of ${oneOf(TOP_KEYS)})`);
  }

  let failOn: FailOn = 'breaking';
  if (top.failOn !== undefined) {
    if (!FAIL_ON.includes(top.failOn as FailOn)) fail('failOn', `must be one of ${oneOf(FAIL_ON)}, got ${describe(top.failOn)}`);
    failOn = top.failOn as FailOn;
  }

  let versioning: Versioning | undefined;
  if (top.versioning !== undefined && top.versioning !== null) {
    if (!VERSIONING.includes(top.versioning as Versioning)) fail('versioning', `must be ${oneOf(VERSIONING)}, got ${describe(top.versioning)}`);
    versioning = top.versioning as Versioning;
  }

  const rules: Record<string, RuleSetting> = {};
  if (top.rules !== undefined && top.rules !== null) {
    if (!isObject(top.rules)) fail('rules', `must be a mapping of rule id to ${oneOf(RULE_SETTINGS)}, got ${describe(top.rules)}`);
    const unknown = Object.keys(top.rules as Json).filter((id) => catalogueRule(id) === undefined);
    if (unknown.length === 1) fail(`rules.${unknown[0]}`, unknownRule(unknown[0]));
    if (unknown.length > 1) fail(`rules.${unknown[0]}`, `unknown rule ids ${unknown.join(', ')} (see \`mcp-drift-guard rules\`)`);
    for (const [id, setting] of Object.entries(top.rules as Json)) {
      if (!RULE_SETTINGS.includes(setting as RuleSetting)) fail(`rules.${id}`, `must be one of ${oneOf(RULE_SETTINGS)}, got ${describe(setting)}`);
      rules[id] = setting as RuleSetting;
    }
  }

  const ignore: IgnoreEntry[] = [];
  if (top.ignore !== undefined && top.ignore !== null) {
    if (!Array.isArray(top.ignore)) fail('ignore', `must be a list, got ${describe(top.ignore)}`);
    (top.ignore as unknown[]).forEach((item, index) => ignore.push(validateIgnore(item, `ignore[${index}]`, fail)));
  }
  return { failOn, ...(versioning && { versioning }), rules, ignore, file };
}

function validateIgnore(item: unknown, at: string, fail: (path: string, problem: string) => never): IgnoreEntry {
  if (!isObject(item)) return fail(at, `must be a mapping with "reason" and either "fingerprint" or "rule" + "subject", got ${describe(item)}`);
  for (const key of Object.keys(item)) {
    if (!IGNORE_KEYS.includes(key)) fail(`${at}.${key}`, `unknown key (expected one of ${oneOf(IGNORE_KEYS)})`);
  }
  const entry: IgnoreEntry = { reason: '' };
  if (item.reason === undefined || item.reason === null) fail(`${at}.reason`, 'required (say why this finding is accepted)');
  if (typeof item.reason !== 'string' || item.reason.trim() === '') fail(`${at}.reason`, `must be a non-empty string, got ${describe(item.reason)}`);
  entry.reason = (item.reason as string).trim();

  if (item.fingerprint !== undefined) {
    if (item.rule !== undefined || item.subject !== undefined) fail(at, 'give either "fingerprint" or "rule" + "subject", not both');
    if (typeof item.fingerprint !== 'string' || item.fingerprint.trim() === '') {
      fail(`${at}.fingerprint`, `must be a non-empty string, got ${describe(item.fingerprint)}`);
    }
    entry.fingerprint = (item.fingerprint as string).trim();
  } else {
    if (item.rule === undefined && item.subject === undefined) fail(at, 'needs "fingerprint", or "rule" and "subject"');
    if (item.rule === undefined) fail(`${at}.rule`, 'required with "subject"');
    if (item.subject === undefined) fail(`${at}.subject`, 'required with "rule" (e.g. subject: tool/get_forecast)');
    if (typeof item.rule !== 'string' || catalogueRule(item.rule) === undefined) {
      fail(`${at}.rule`, unknownRule(item.rule));
    }
    entry.rule = item.rule as string;
    const subject = typeof item.subject === 'string' ? parseSubject(item.subject) : undefined;
    if (!subject) {
      fail(`${at}.subject`, `must be "<kind>/<name>" with kind one of ${oneOf(SUBJECT_KINDS)} (e.g. tool/get_forecast), got ${describe(item.subject)}`);
    }
    entry.subject = subject;
  }

  if (item.expires !== undefined) {
    // YAML reads an unquoted 2026-01-31 as a string with the core schema we use, never as a Date.
    if (typeof item.expires !== 'string' || !isCalendarDate(item.expires)) {
      fail(`${at}.expires`, `must be a date YYYY-MM-DD, got ${describe(item.expires)}`);
    }
    entry.expires = item.expires as string;
  }
  return entry;
}
