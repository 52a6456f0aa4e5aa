// Items of one snapshot list (prompts, resources, resource templates, a prompt's arguments) keyed by what
// clients address them by, each with its JSON Pointer: the pairing of old and new lists starts here.

import { isPlainObject } from './schema/keywords.js';

export interface Listed<T> {
  item: T;
  pointer: string;
}

/** The items whose `key` is a string, by that string; the first of duplicates wins (later ones are not compared). */
export function listedBy<T extends object, K extends keyof T & string>(items: readonly T[], key: K, listPointer: string): Map<string, Listed<T>> {
  const map = new Map<string, Listed<T>>();
  items.forEach((item, index) => {
    if (!isPlainObject(item)) return;
    const id = item[key];
    if (typeof id === 'string' && !map.has(id)) map.set(id, { item, pointer: `${listPointer}/${index}` });
  });
  return map;
}
