import v8 from 'node:v8'
import vm from 'node:vm'

/**
 * V8's collection as a function (`minor`: the young generation only), so that garbage left by
 * earlier runs is collected before a run is measured, not during it. Without it, a run's own
 * allocation could trigger the collection that freed earlier runs (memory then read 0), and a run
 * timed after a larger one paid for that one's garbage.
 */
export function gcFunction(): (options?: { type: 'minor' }) => void {
  v8.setFlagsFromString('--expose-gc')
  return vm.runInNewContext('gc') as (options?: { type: 'minor' }) => void
}
