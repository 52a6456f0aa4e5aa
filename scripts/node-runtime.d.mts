// Types for scripts/node-runtime.mjs, so the TypeScript test setup can use it.
export function actionNodeMajor(): number;
export function webhookNodeMajor(): number;
export function newestNodeMajor(): number;
export function nodeBinary(major: number): { path: string; version: string; instead?: string };
