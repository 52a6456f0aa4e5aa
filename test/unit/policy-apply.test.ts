// applyPolicy: severity overrides and `off`, ignores by fingerprint and by rule + subject, expiry (an expired
// ignore stops applying and says so), and the fail-on verdict.
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/diff/rules.js';
import type { Finding, Severity } from '../../src/diff/types.js';
import { applyPolicy, parsePolicy, type Policy } from '../../src/policy/index.js';

const breakingRule = RULES.find((r) => r.severity === 'breaking')!.id;
const warningRule = RULES.find((r) => r.severity === 'warning')!.id;
const safeRule = RULES.find((r) => r.severity === 'safe')!.id;

function finding(rule: string, severity: Severity, name: string, fingerprint: string): Finding {
  return { rule, severity, subject: { kind: 'tool', name }, pointer: { after: `/tools/0` }, message: `${rule} on ${name}`, fingerprint };
}

const findings = [
  finding(breakingRule, 'breaking', 'get_forecast', 'fp-b1'),
  finding(breakingRule, 'breaking', 'get_alerts', 'fp-b2'),
  finding(warningRule, 'warning', 'get_forecast', 'fp-w1'),
  finding(safeRule, 'safe', 'get_air_quality', 'fp-s1'),
];
const policy = (text: string): Policy => parsePolicy(text, '.mcp-drift-guard.yml');
const NOW = new Date('2026-06-15T12:00:00Z');

describe('applyPolicy', () => {
  it('the default policy keeps every finding and fails on breaking', () => {
    const result = applyPolicy(findings, policy(''), NOW);
    expect(result.findings).toEqual(findings);
    expect(result).toMatchObject({ ignored: [], notices: [], failOn: 'breaking', failed: true });
  });

  it('fail-on decides the verdict', () => {
    const onlyWarning = findings.filter((f) => f.severity !== 'breaking');
    expect(applyPolicy(onlyWarning, policy('failOn: breaking'), NOW).failed).toBe(false);
    expect(applyPolicy(onlyWarning, policy('failOn: warning'), NOW).failed).toBe(true);
    expect(applyPolicy(findings, policy('failOn: never'), NOW).failed).toBe(false);
    expect(applyPolicy([findings[3]!], policy('failOn: warning'), NOW).failed).toBe(false);
    expect(applyPolicy([], policy(''), NOW).failed).toBe(false);
  });

  it('a severity override changes the finding and so the verdict', () => {
    const result = applyPolicy(findings, policy(`rules:\n  ${breakingRule}: warning`), NOW);
    expect(result.findings.filter((f) => f.rule === breakingRule).map((f) => f.severity)).toEqual(['warning', 'warning']);
    expect(result.failed).toBe(false);
    expect(findings[0]!.severity).toBe('breaking'); // the input is not mutated
    const raised = applyPolicy(findings, policy(`rules:\n  ${safeRule}: breaking`), NOW);
    expect(raised.findings.find((f) => f.rule === safeRule)!.severity).toBe('breaking');
  });

  it('`off` drops a rule entirely', () => {
    const result = applyPolicy(findings, policy(`rules:\n  ${breakingRule}: off`), NOW);
    expect(result.findings.map((f) => f.fingerprint)).toEqual(['fp-w1', 'fp-s1']);
    expect(result.ignored).toEqual([]);
    expect(result.failed).toBe(false);
  });

  it('ignores by fingerprint, keeping the reason', () => {
    const result = applyPolicy(findings, policy('ignore:\n  - fingerprint: fp-b1\n    reason: "approved in #7"'), NOW);
    expect(result.findings.map((f) => f.fingerprint)).toEqual(['fp-b2', 'fp-w1', 'fp-s1']);
    expect(result.ignored).toEqual([{ finding: findings[0], reason: 'approved in #7' }]);
    expect(result.failed).toBe(true);
  });

  it('ignores by rule + subject, only that subject', () => {
    const result = applyPolicy(findings, policy(`ignore:\n  - rule: ${breakingRule}\n    subject: tool/get_alerts\n    reason: internal tool`), NOW);
    expect(result.ignored.map((i) => i.finding.fingerprint)).toEqual(['fp-b2']);
    expect(result.findings.map((f) => f.fingerprint)).toEqual(['fp-b1', 'fp-w1', 'fp-s1']);
  });

  it('a subject of another kind with the same name does not match', () => {
    const result = applyPolicy(findings, policy(`ignore:\n  - rule: ${breakingRule}\n    subject: prompt/get_alerts\n    reason: r`), NOW);
    expect(result.ignored).toEqual([]);
  });

  it('an ignore applies through its expiry day and stops the day after, with a notice', () => {
    const text = 'ignore:\n  - fingerprint: fp-b1\n    reason: until the clients migrate\n    expires: 2026-06-15';
    const onDay = applyPolicy(findings, policy(text), NOW);
    expect(onDay.ignored).toHaveLength(1);
    expect(onDay.notices).toEqual([]);
    const after = applyPolicy(findings, policy(text), new Date('2026-06-16T00:00:01Z'));
    expect(after.ignored).toEqual([]);
    expect(after.findings).toHaveLength(4);
    expect(after.notices).toEqual(['ignore[0] (fingerprint fp-b1) expired on 2026-06-15 and no longer applies: 1 finding counts again']);
  });

  it('an expired ignore that matches nothing still says it expired', () => {
    const result = applyPolicy(findings, policy(`ignore:\n  - rule: ${warningRule}\n    subject: tool/gone\n    reason: r\n    expires: 2020-01-01`), NOW);
    expect(result.notices).toEqual([`ignore[0] (${warningRule} on tool/gone) expired on 2020-01-01 and no longer applies`]);
  });

  it('overrides apply before ignores, and ignored findings carry the overridden severity', () => {
    const result = applyPolicy(findings, policy(`rules:\n  ${breakingRule}: warning\nignore:\n  - fingerprint: fp-b1\n    reason: r`), NOW);
    expect(result.ignored[0]!.finding.severity).toBe('warning');
  });
});
