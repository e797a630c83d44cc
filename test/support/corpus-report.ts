/**
 * The check `.ci/run` makes on vitest's JSON reports when `STOCKFLOW_CORPUS` is set: every corpus test
 * ran. A corpus test is one whose full name mentions the corpus (`corpus` or `SDXorg`) in a file that
 * reads `test/support/corpus.ts`; other skips there (a schema not committed) are not the corpus's.
 */

/** The part of a vitest JSON report this reads. */
export interface VitestReport {
  readonly testResults: readonly {
    readonly name: string
    readonly status: string
    readonly message?: string
    readonly assertionResults: readonly { readonly fullName: string; readonly status: string }[]
  }[]
}

const CORPUS_TEST = /corpus|sdxorg/i
const READS_HELPER = /support\/corpus(\.js|\.ts)?['"]/

/**
 * How many corpus tests ran, and one line per corpus test that did not, or per corpus test file that
 * did not load (none when all ran).
 */
export function corpusProblems(
  reports: readonly VitestReport[],
  source: (file: string) => string,
): { ran: number; problems: string[] } {
  const problems: string[] = []
  let ran = 0
  for (const report of reports) {
    for (const file of report.testResults) {
      if (!READS_HELPER.test(source(file.name))) continue
      if (file.status === 'failed' && file.assertionResults.length === 0)
        problems.push(`${file.name}: did not load: ${(file.message ?? '').split('\n')[0]}`)
      for (const test of file.assertionResults) {
        if (!CORPUS_TEST.test(test.fullName)) continue
        if (test.status === 'passed' || test.status === 'failed') ran++
        else problems.push(`${file.name}: "${test.fullName}" ${test.status}`)
      }
    }
  }
  if (ran === 0 && problems.length === 0) problems.push('no corpus test ran')
  return { ran, problems }
}
