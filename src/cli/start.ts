#!/usr/bin/env node
// The command's first file. Node.js 22.1+ can keep compiled code on disk between runs (module.enableCompileCache,
// in the OS temp directory, checked against each file's content, as tsc does): later runs then skip compiling
// the CLI (~0.5 MB) and the lazy parts they load, 10-20 ms a run measured on Node.js 24. The cache is turned
// on before the CLI is loaded, which is why this file is separate. Older Node.js has no such API and runs as before.
import module from 'node:module';

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
// require, not import(): this file is built as CommonJS, and import() of a CommonJS file would first scan all of it
// for its exports (measured: 40 ms more per run on Node.js 20).
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('./main.js');
