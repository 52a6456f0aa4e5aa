// Types for scripts/kubectl.mjs, so the TypeScript tests can use it.
export function kustomize(dir: string): string;
