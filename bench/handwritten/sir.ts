/**
 * The SIR seed (seeds/SIR/model.ts) written by hand as a plain Euler loop: what a modeler would type
 * without stockflow. Like `simulate`, it stores every variable at every save point (saveper = dt) into
 * its own Float64Array.
 */

export interface SIRParams {
  readonly totalPopulation: number
  readonly contactInfectivity: number
  readonly duration: number
  readonly initialInfectious: number
}

/** The model file's clock and values (Susceptible starts at Total Population, Recovered at 0). */
export const SIR_TIME = { start: 0, stop: 100, dt: 0.03125 } as const
export const SIR_PARAMS: SIRParams = {
  totalPopulation: 1000,
  contactInfectivity: 0.3,
  duration: 5,
  initialInfectious: 5,
}

/** One Float64Array per variable, keyed by display name, one value per save point. */
export function sir(p: SIRParams = SIR_PARAMS): Record<string, Float64Array> {
  const { start, stop, dt } = SIR_TIME
  const steps = Math.floor((stop - start) / dt + 1e-9)
  const rows = steps + 1
  const population = p.totalPopulation
  const infectivity = p.contactInfectivity
  const duration = p.duration
  const susceptibleOut = new Float64Array(rows)
  const infectiousOut = new Float64Array(rows)
  const recoveredOut = new Float64Array(rows)
  const succumbingOut = new Float64Array(rows)
  const recoveringOut = new Float64Array(rows)
  const populationOut = new Float64Array(rows)
  const infectivityOut = new Float64Array(rows)
  const durationOut = new Float64Array(rows)

  let susceptible = population
  let infectious = p.initialInfectious
  let recovered = 0
  for (let i = 0; ; i++) {
    const succumbing = ((susceptible * infectious) / population) * infectivity
    const recovering = infectious / duration
    susceptibleOut[i] = susceptible
    infectiousOut[i] = infectious
    recoveredOut[i] = recovered
    succumbingOut[i] = succumbing
    recoveringOut[i] = recovering
    populationOut[i] = population
    infectivityOut[i] = infectivity
    durationOut[i] = duration
    if (i === steps) break
    susceptible -= dt * succumbing
    infectious += dt * (succumbing - recovering)
    recovered += dt * recovering
  }
  return {
    Susceptible: susceptibleOut,
    Infectious: infectiousOut,
    Recovered: recoveredOut,
    Succumbing: succumbingOut,
    Recovering: recoveringOut,
    'Total Population': populationOut,
    'Contact Infectivity': infectivityOut,
    Duration: durationOut,
  }
}
