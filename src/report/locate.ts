// Finds the line of each subject in the head snapshot's text, for annotations: the line of a tool's, prompt's
// or resource template's `"name": "<name>"` inside its list, and of the top-level `"server"` key. A small
// JSON scanner tracks the path, so a property called "name" inside a schema is never mistaken for a tool.
import type { Subject } from '../diff/types.js';

const SECTIONS: Record<string, Subject['kind']> = { tools: 'tool', prompts: 'prompt', resourceTemplates: 'resourceTemplate' };

interface Frame {
  array: boolean;
  /** The key this container sits under in its parent object. */
  under: string | undefined;
  /** In an object: the key whose value comes next. */
  key: string | undefined;
  expectKey: boolean;
}

/** Maps `kind/name` to a 1-based line; works on our snapshot file, a bare tools/list result or a JSON-RPC envelope. */
export function locateSubjects(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const stack: Frame[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line += 1;
      i += 1;
    } else if (c === 123 || c === 91) {
      const top = stack[stack.length - 1];
      stack.push({ array: c === 91, under: top && !top.array ? top.key : undefined, key: undefined, expectKey: c === 123 });
      i += 1;
    } else if (c === 125 || c === 93) {
      stack.pop();
      i += 1;
    } else if (c === 44) {
      const top = stack[stack.length - 1];
      if (top && !top.array) top.expectKey = true;
      i += 1;
    } else if (c === 34) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 92) j += 2;
        else if (d === 34) break;
        else j += 1;
      }
      const raw = text.slice(i, j + 1);
      i = j + 1;
      const top = stack[stack.length - 1];
      if (!top || top.array) continue;
      if (top.expectKey) {
        top.key = raw.length > 2 && raw.includes('\\') ? safeParse(raw) : raw.slice(1, -1);
        top.expectKey = false;
        if (top.key === 'server' && stack.length === 1 && !lines.has('server/')) lines.set('server/', line);
        continue;
      }
      if (top.key !== 'name') continue;
      const list = stack[stack.length - 2];
      const kind = list?.array && list.under !== undefined ? SECTIONS[list.under] : undefined;
      if (kind === undefined) continue;
      const name = safeParse(raw);
      if (name !== undefined && !lines.has(`${kind}/${name}`)) lines.set(`${kind}/${name}`, line);
    } else {
      i += 1;
    }
  }
  return lines;
}

function safeParse(raw: string): string | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The line of a subject in the head text, or undefined when it is not there (e.g. a removed tool). */
export function subjectLine(located: Map<string, number>, subject: Subject): number | undefined {
  return subject.kind === 'server' ? located.get('server/') : located.get(`${subject.kind}/${subject.name}`);
}
