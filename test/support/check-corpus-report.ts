/**
 * `tsx test/support/check-corpus-report.ts REPORT.json...`: exits 1, listing them, when corpus tests
 * were skipped or their files did not load (see corpus-report.ts). `.ci/run` runs it when
 * `STOCKFLOW_CORPUS` is set.
 */
import { readFileSync } from 'node:fs'
import { corpusProblems } from './corpus-report.js'
import type { VitestReport } from './corpus-report.js'

const reports = process.argv.slice(2).map((file) => JSON.parse(readFileSync(file, 'utf8')) as VitestReport)
const { ran, problems } = corpusProblems(reports, (file) => readFileSync(file, 'utf8'))
for (const problem of problems) console.log(`corpus: ${problem}`)
console.log(`corpus: ${ran} tests ran, ${problems.length} problems`)
process.exitCode = problems.length ? 1 : 0
