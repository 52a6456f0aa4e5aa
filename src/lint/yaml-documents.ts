// YAML text to yaml `Document`s, in a module of its own: the library's type declarations of the lint API then
// name no type of the YAML parser, which the package bundles instead of depending on it.
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { UsageError, describeError } from '../errors.js';

/**
 * The YAML documents of one text (any number of `---` separated documents), as yaml `Document`s so a caller
 * that rewrites them keeps comments and order. A syntax error is bad input: "FILE:LINE: not valid YAML: ...".
 */
export function parseYamlDocuments(text: string, file: string): Document.Parsed[] {
  const lineCounter = new LineCounter();
  // An empty input (or only comments) is an empty list: no documents, not an error.
  const documents = parseAllDocuments(text, { prettyErrors: false, lineCounter });
  for (const document of documents) {
    const [error] = document.errors;
    if (error) {
      const line = lineCounter.linePos(error.pos[0]).line;
      throw new UsageError(`${file}${line ? `:${line}` : ''}: not valid YAML: ${describeError(error)}`);
    }
  }
  return documents;
}
