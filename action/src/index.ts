// Entry point of the GitHub Action (bundled to action/dist/index.js): run once, turn any error into a failed
// step with one clear line, never a stack trace.
import * as core from '@actions/core';
import { describeError } from '../../src/errors.js';
import { run } from './run.js';

try {
  await run();
} catch (error) {
  core.setFailed(describeError(error));
}
