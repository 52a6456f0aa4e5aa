// action.yml is the Action's contract with every workflow that uses it: these check it declares what DESIGN.md
// promises, that the runtime and entry are right, and that the committed bundle exists where it points.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { actionMetadata, ROOT } from '../fixtures/action/harness.js';

describe('action.yml', () => {
  const action = actionMetadata();

  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'action/dist/index.js' });
    expect(existsSync(join(ROOT, action.runs.main))).toBe(true);
  });

  // Skipped only where the npm registry has no Node.js binary to fetch (the test setup warns then); never in CI.
  it.skipIf(inject('nodeFallbacks').length > 0)('is tested on that runtime, and so is the webhook on its image\'s: the tests that run them use Node.js 24', () => {
    expect(execFileSync(inject('actionNode'), ['--version'], { encoding: 'utf8' })).toMatch(/^v24\./);
    expect(execFileSync(inject('webhookNode'), ['--version'], { encoding: 'utf8' })).toMatch(/^v24\./);
  });

  it('has the marketplace metadata', () => {
    expect(action.name).toBeTruthy();
    expect(action.description.length).toBeLessThanOrEqual(125);
    expect(action.author).toBeTruthy();
    expect(action.branding.icon).toBeTruthy();
    expect(action.branding.color).toBeTruthy();
  });

  it('declares every input and output of the design, each documented', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(
      ['approve-label', 'base', 'comment', 'config', 'fail-on', 'github-token', 'server-command', 'server-url', 'show', 'snapshot'].sort(),
    );
    expect(Object.keys(action.outputs).sort()).toEqual(['breaking', 'breaking-count', 'report', 'safe-count', 'warning-count']);
    for (const entry of [...Object.values(action.inputs), ...Object.values(action.outputs)]) expect(entry.description.length).toBeGreaterThan(10);
    expect(action.inputs.snapshot!.default).toBe('mcp-snapshot.json');
    expect(action.inputs.comment!.default).toBe('true');
    expect(action.inputs.show!.default).toBe('warning');
    expect(action.inputs['approve-label']!.default).toBe('mcp-breaking-change-approved');
    expect(action.inputs['github-token']!.default).toBe('${{ github.token }}');
  });
});
