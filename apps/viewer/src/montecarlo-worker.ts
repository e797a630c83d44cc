// Monte Carlo runs for the trajectories' percentile bands: a pool of these workers (montecarlo-runner.ts)
// runs a plan's rows in parallel, off the main thread, so the page keeps drawing and answering.
import { serveBatches } from '@stockflow/experiments'
import type { WorkerScope } from '@stockflow/experiments'

// The DOM lib types `self` as a window; in a module worker it is the worker's scope.
serveBatches(self as unknown as WorkerScope)
