#!/usr/bin/env node
import { main } from './main.js'
import { stopWithScriptParent } from './script-parent.js'

stopWithScriptParent()
// `stockflow run ... | head`: the reader has gone, so stop quietly, as other command-line tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e
  process.exit(0)
})
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    // Not a user mistake: a bug in stockflow. Keep the stack so it can be reported.
    console.error('stockflow: internal error, please report it:', err)
    process.exitCode = 70
  },
)
