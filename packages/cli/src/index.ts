/** @stockflow/cli: the `stockflow` command line, callable as a function for tests and scripts. */
export type { Io } from './io.js'
export { main } from './main.js'
export type { LoadedModel } from './load.js'
export { loadModel } from './load.js'
export { viewCommand } from './commands/view.js'
