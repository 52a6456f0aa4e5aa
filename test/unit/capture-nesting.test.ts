// The raw nesting gauge that refuses a too-deep message before the SDK's recursive validation sees it: brackets
// inside strings (escaped quotes too) do not count, chunk boundaries anywhere give the same answer.
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_DEPTH, NestingGauge } from '../../src/capture/nesting.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
}

describe('NestingGauge', () => {
  it('passes nesting up to the cap and refuses one level more', () => {
    expect(new NestingGauge().feed(bytes(nested(MAX_MESSAGE_DEPTH)))).toBe(false);
    expect(new NestingGauge().feed(bytes(nested(MAX_MESSAGE_DEPTH + 1)))).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = `{"s":"${'{['.repeat(1_000)}\\"${'[{'.repeat(1_000)}","t":[1,2]}`;
    expect(JSON.parse(text)).toBeTruthy();
    expect(new NestingGauge(3).feed(bytes(text))).toBe(false);
  });

  it('gives the same answer fed one byte at a time', () => {
    const text = bytes(`{"s":"\\\\"}${nested(20)}`);
    const gauge = new NestingGauge(20);
    expect([...text].some((byte) => gauge.feed(Uint8Array.of(byte)))).toBe(false);
    const tight = new NestingGauge(19);
    expect([...text].some((byte) => tight.feed(Uint8Array.of(byte)))).toBe(true);
  });

  it('closes sibling values: a wide message is not a deep one', () => {
    expect(new NestingGauge(2).feed(bytes(`[${'{},'.repeat(100_000)}{}]`))).toBe(false);
  });
});
