import type { Reporter, TestCase, TestResult, FullResult } from '@playwright/test/reporter';

/**
 * One short paragraph per failed test, printed last.
 *
 * CI keeps only the tail of the output, and the list reporter prints each
 * failure's full report in order, so with two failures the first one's cause
 * scrolled out of sight. This repeats, at the very end, every failure's test,
 * the line it stopped at and the first lines of its error.
 */
export default class SummaryReporter implements Reporter {
  private failures: string[] = [];

  onTestEnd(test: TestCase, result: TestResult) {
    if (result.status === 'passed' || result.status === 'skipped') return;
    const err = result.errors[0] ?? result.error;
    const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');
    const message = plain(err?.message ?? result.status)
      .split('\n')
      .map((l) => l.trimEnd())
      .filter((l) => l.trim() !== '')
      .slice(0, 6)
      .join('\n    ');
    const at = err?.location ? `${err.location.file.split('/').slice(-2).join('/')}:${err.location.line}` : test.location.file;
    this.failures.push(`✘ ${test.title} (${result.status} after ${(result.duration / 1000).toFixed(1)} s)\n  at ${at}\n    ${message}`);
  }

  onEnd(result: FullResult) {
    if (this.failures.length === 0) return;
    console.log(`\nFailures (${this.failures.length}), in the order they happened:`);
    for (const f of this.failures) console.log(f);
  }
}
