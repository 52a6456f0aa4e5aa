import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * Vitest's order (longest first by the last run's timings, else the largest file first), but with the unit tests
 * last: on a clean clone (CI) there are no timings, and a file of a few lines that runs processes for a minute (the
 * webhook image's npm ci, the webhook's limits) started last would leave the other worker idle all that time.
 */
class UnitsLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const unit = (file: TestSpecification): boolean => file.moduleId.includes('/test/unit/');
    return [...sorted.filter((f) => !unit(f)), ...sorted.filter(unit)];
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Only to prove that a test ends: integration tests start servers and CLI processes one after another, a few
    // seconds idle and 5-10 times that with both cores busy (npm test must pass on a loaded machine).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Integration tests spawn servers and bind ports; two cores are all CI has.
    pool: 'forks',
    maxWorkers: 2,
    sequence: { sequencer: UnitsLast },
  },
});
