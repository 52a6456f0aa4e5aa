// The package version, injected by the bundler from package.json (tsc-only builds fall back to 0.0.0-dev).
declare const __VERSION__: string | undefined;
export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
