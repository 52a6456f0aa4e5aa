// Finds lines in the head snapshot's text for annotations. A small JSON scanner tracks the path, so a
// property called "name" inside a schema is never mistaken for a tool. Two answers: the line of a subject's
// `"name": "<name>"` inside its list (and of the top-level `"server"` key), and, when the text is laid out like
// the snapshot the findings came from, the exact line a finding's head pointer names (the changed line).
import type { Finding, Subject } from '../diff/types.js';

const SECTIONS: Record<string, Subject['kind']> = { tools: 'tool', prompts: 'prompt', resourceTemplates: 'resourceTemplate' };

interface Trie {
  children: Map<string, Trie>;
  pointer?: string;
}

interface Frame {
  array: boolean;
  /** The key this container sits under in its parent object. */
  under: string | undefined;
  /** In an object: the key whose value comes next. */
  key: string | undefined;
  expectKey: boolean;
  /** In an array: the index of the current element. */
  index: number;
  /** Where this container is in the trie of wanted pointers (undefined: nothing wanted below). */
  trie: Trie | undefined;
}

export interface Located {
  /** `kind/name` (and `server/`) -> 1-based line. */
  subjects: Map<string, number>;
  /** Wanted JSON Pointer -> 1-based line where its value starts (its key's line in an object). */
  pointers: Map<string, number>;
  /** `tools/3` -> the name of the fourth tool in a top-level list, to check a pointer's index is the same item. */
  rootItems: Map<string, string>;
  /** `tools` -> line of the top-level list, a place to annotate what is no longer there. */
  sections: Map<string, number>;
}

function decodeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function buildTrie(pointers: Iterable<string>): Trie {
  const root: Trie = { children: new Map() };
  for (const pointer of pointers) {
    if (!pointer.startsWith('/')) continue;
    let node = root;
    for (const token of pointer.slice(1).split('/').map(decodeToken)) {
      let next = node.children.get(token);
      if (!next) node.children.set(token, (next = { children: new Map() }));
      node = next;
    }
    node.pointer = pointer;
  }
  return root;
}

function safeParse(raw: string): string | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Ends a number or literal: structure, quotes or whitespace. */
const isDelimiter = (c: number) => c === 44 || c === 93 || c === 125 || c === 123 || c === 91 || c === 34 || c === 58 || c === 32 || c === 10 || c === 13 || c === 9;

/** Scans once; works on our snapshot file, a bare tools/list result or a JSON-RPC envelope. */
export function locate(text: string, wantedPointers: Iterable<string> = []): Located {
  const out: Located = { subjects: new Map(), pointers: new Map(), rootItems: new Map(), sections: new Map() };
  const stack: Frame[] = [];
  const rootTrie = buildTrie(wantedPointers);
  let line = 1;
  let i = 0;
  const n = text.length;

  // Called where a value starts: advances the array index and finds the value's node in the pointer trie.
  const beginValue = (): Trie | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return rootTrie;
    let token: string | undefined;
    if (top.array) {
      top.index += 1;
      token = String(top.index);
    } else {
      token = top.key;
    }
    const node = token === undefined ? undefined : top.trie?.children.get(token);
    if (node?.pointer !== undefined && !out.pointers.has(node.pointer)) out.pointers.set(node.pointer, line);
    return node;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line += 1;
      i += 1;
    } else if (c === 32 || c === 9 || c === 13 || c === 58 || c === 0xfeff) {
      i += 1;
    } else if (c === 123 || c === 91) {
      const top = stack[stack.length - 1];
      const trie = beginValue();
      const under = top && !top.array ? top.key : undefined;
      if (c === 91 && under !== undefined && SECTIONS[under] && stack.length === 1 && !out.sections.has(under)) out.sections.set(under, line);
      stack.push({ array: c === 91, under, key: undefined, expectKey: c === 123, index: -1, trie });
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
      if (top && !top.array && top.expectKey) {
        top.key = raw.includes('\\') ? safeParse(raw) : raw.slice(1, -1);
        top.expectKey = false;
        if (top.key === 'server' && stack.length === 1 && !out.subjects.has('server/')) out.subjects.set('server/', line);
        continue;
      }
      beginValue();
      if (!top || top.array || top.key !== 'name') continue;
      const list = stack[stack.length - 2];
      const kind = list?.array && list.under !== undefined ? SECTIONS[list.under] : undefined;
      if (kind === undefined) continue;
      const name = safeParse(raw);
      if (name === undefined) continue;
      if (!out.subjects.has(`${kind}/${name}`)) out.subjects.set(`${kind}/${name}`, line);
      if (stack.length === 3) out.rootItems.set(`${list!.under}/${list!.index}`, name);
    } else {
      // A number, true, false or null: one value.
      beginValue();
      while (i < n && !isDelimiter(text.charCodeAt(i))) i += 1;
    }
  }
  return out;
}

/** Maps `kind/name` to a 1-based line (see locate). */
export function locateSubjects(text: string): Map<string, number> {
  return locate(text).subjects;
}

/**
 * The best line for a finding in the head text: the line its head pointer names, when the pointer's list
 * index holds the same subject in this text (our canonical snapshot file); else the subject's name line; for
 * something no longer there, the line of its list. Undefined when none applies.
 */
export function findingLine(located: Located, finding: Finding): number | undefined {
  const { subject } = finding;
  const after = finding.pointer.after;
  if (after !== undefined) {
    const [section, index] = after.slice(1).split('/');
    const exact = located.pointers.get(after);
    // Into a list, the index must hold the same subject here; elsewhere (capabilities) the text must be a
    // snapshot file (it has the top-level "server" key), not another shape that happens to share a path.
    const trusted = section !== undefined && SECTIONS[section] ? located.rootItems.get(`${section}/${index}`) === subject.name : located.subjects.has('server/');
    if (exact !== undefined && trusted) return exact;
  }
  if (subject.kind === 'server') return located.subjects.get('server/');
  const own = located.subjects.get(`${subject.kind}/${subject.name}`);
  if (own !== undefined) return own;
  const section = Object.keys(SECTIONS).find((key) => SECTIONS[key] === subject.kind);
  return section !== undefined ? located.sections.get(section) : undefined;
}

/** Locates every finding's line in one scan of the head text. */
export function findingLines(text: string, findings: readonly Finding[]): (finding: Finding) => number | undefined {
  const located = locate(
    text,
    findings.map((f) => f.pointer.after).filter((p): p is string => p !== undefined),
  );
  return (finding) => findingLine(located, finding);
}
