import { StockflowError } from '@stockflow/model'
import type { Program } from './lower.js'
import { Pipeline } from './runtime.js'

/** The most steps every DELAY FIXED of a run may remember together (512 MiB of doubles). */
export const MAX_PIPELINE_STEPS = 2 ** 26

/**
 * A DELAY FIXED buffer that draws its length from an allowance shared by the run's pipelines: each
 * one alone is bounded (runtime.ts), but a model of many long delays could still exhaust memory.
 */
class SharedPipeline extends Pipeline {
  constructor(
    private readonly owner: string,
    private readonly allowance: { left: number },
  ) {
    super()
  }

  override reset(delaySteps: number, initial: number): void {
    const steps = Math.max(1, Math.round(delaySteps))
    if (!(steps <= this.allowance.left)) {
      const taken = MAX_PIPELINE_STEPS - this.allowance.left
      throw new StockflowError(
        `DELAY FIXED in "${this.owner}" would remember ${steps} steps${taken ? ` besides the ${taken} of the delays before it` : ''}, more than ${MAX_PIPELINE_STEPS} in all; shorten the delay or raise dt`,
      )
    }
    this.allowance.left -= steps
    super.reset(delaySteps, initial)
  }
}

/** Fresh pipelines for one run of `program`, their lengths bounded together. */
export function runPipelines(program: Program): Pipeline[] {
  const allowance = { left: MAX_PIPELINE_STEPS }
  return program.pipelines.map((p) => {
    // The output slot's label is `<variable>:delay_fixed`.
    const label = program.slots[p.out]?.name ?? ''
    const colon = label.lastIndexOf(':')
    return new SharedPipeline(colon > 0 ? label.slice(0, colon) : label, allowance)
  })
}
