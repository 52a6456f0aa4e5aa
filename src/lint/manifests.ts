// Kubernetes manifests in, plain objects out: multi-document YAML (kubectl/kustomize output, `kind: List`).
// Anything that is not a Kubernetes object is bad input (UsageError, exit 2), named by file and document.
import { UsageError, describeError } from '../errors.js';
import { readTextInput } from '../input.js';
import { parseYamlDocuments } from './yaml-documents.js';

/** A Kubernetes object as read from a manifest: only `kind` is guaranteed. */
export interface KubeObject {
  apiVersion?: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Parse one manifest text (any number of `---` separated documents) into Kubernetes objects. */
export function parseManifests(text: string, source: string): KubeObject[] {
  const objects: KubeObject[] = [];
  parseYamlDocuments(text, source).forEach((document, index) => {
    const where = `${source}: document ${index + 1}`;
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // An alias to an anchor that is not defined, or an alias bomb past maxAliasCount: yaml throws here.
      throw new UsageError(`${where}: not valid YAML: ${describeError(error)}`);
    }
    if (value === null || value === undefined) return; // an empty document between separators
    collect(value, where, objects);
  });
  return objects;
}

function collect(value: unknown, where: string, into: KubeObject[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof (value as { kind?: unknown }).kind !== 'string') {
    throw new UsageError(`${where} is not a Kubernetes object (no "kind")`);
  }
  const object = value as KubeObject;
  if (object.kind === 'List' || object.kind.endsWith('List')) {
    const items = (object as { items?: unknown }).items;
    if (Array.isArray(items)) {
      items.forEach((item, index) => collect(item, `${where} item ${index + 1}`, into));
      return;
    }
  }
  into.push(object);
}

/**
 * Read manifests from files and `-` (stdin, e.g. `kustomize build | mcp-drift-guard lint -`), in order.
 * `stdin` is injectable (defaults to process.stdin).
 */
export async function readManifests(
  specs: readonly string[],
  options: { cwd?: string; stdin?: NodeJS.ReadableStream } = {},
): Promise<KubeObject[]> {
  const objects: KubeObject[] = [];
  for (const spec of specs) {
    const text = await readTextInput(spec, { cwd: options.cwd, stdin: options.stdin, what: 'manifest' });
    objects.push(...parseManifests(text, spec === '-' ? 'stdin' : spec));
  }
  return objects;
}
