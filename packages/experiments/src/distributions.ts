import lognormalQuantile from '@stdlib/stats-base-dists-lognormal-quantile'
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile'
import triangularQuantile from '@stdlib/stats-base-dists-triangular-quantile'
import { StockflowError } from '@stockflow/model'

/**
 * What an uncertain parameter may be. `lognormal` takes the mean and standard deviation of the value
 * itself (as Vensim's RANDOM LOGNORMAL and Stella's LOGNORMAL do), not of its logarithm.
 */
export type Distribution =
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  | { readonly kind: 'normal'; readonly mean: number; readonly sd: number }
  | { readonly kind: 'lognormal'; readonly mean: number; readonly sd: number }
  | { readonly kind: 'triangular'; readonly min: number; readonly mode: number; readonly max: number }

export const uniform = (min: number, max: number): Distribution => checked({ kind: 'uniform', min, max })
export const normal = (mean: number, sd: number): Distribution => checked({ kind: 'normal', mean, sd })
export const lognormal = (mean: number, sd: number): Distribution => checked({ kind: 'lognormal', mean, sd })
export const triangular = (min: number, mode: number, max: number): Distribution =>
  checked({ kind: 'triangular', min, mode, max })

/** The value below which a share `p` (in (0, 1)) of the distribution lies: maps uniform draws to draws. */
export function quantile(d: Distribution, p: number): number {
  switch (d.kind) {
    case 'uniform':
      return d.min + p * (d.max - d.min)
    case 'normal':
      return normalQuantile(p, d.mean, d.sd)
    case 'lognormal': {
      const { mu, sigma } = logParameters(d.mean, d.sd)
      return lognormalQuantile(p, mu, sigma)
    }
    case 'triangular':
      return triangularQuantile(p, d.min, d.max, d.mode)
  }
}

/** The interval where the distribution's mass lies: its bounds, or mean ± 3 sd (for sliders and fits). */
export function support(d: Distribution): [number, number] {
  switch (d.kind) {
    case 'uniform':
    case 'triangular':
      return [d.min, d.max]
    case 'normal':
      return [d.mean - 3 * d.sd, d.mean + 3 * d.sd]
    case 'lognormal':
      return [quantile(d, 0.00135), quantile(d, 0.99865)]
  }
}

/** How the distribution is written on the command line: `normal(1, 0.1)`. */
export function describe(d: Distribution): string {
  switch (d.kind) {
    case 'uniform':
      return `uniform(${d.min}, ${d.max})`
    case 'normal':
    case 'lognormal':
      return `${d.kind}(${d.mean}, ${d.sd})`
    case 'triangular':
      return `triangular(${d.min}, ${d.mode}, ${d.max})`
  }
}

/** The normal parameters of log(X) for a lognormal X with the given mean and standard deviation. */
function logParameters(mean: number, sd: number): { mu: number; sigma: number } {
  const sigma2 = Math.log(1 + (sd * sd) / (mean * mean))
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) }
}

function checked(d: Distribution): Distribution {
  const numbers = Object.entries(d).filter(([k]) => k !== 'kind')
  for (const [k, x] of numbers) {
    if (typeof x !== 'number' || !Number.isFinite(x))
      throw new StockflowError(`${d.kind}: ${k} must be a finite number, got ${String(x)}`)
  }
  const bad = (why: string) => new StockflowError(`${describe(d)}: ${why}`)
  switch (d.kind) {
    case 'uniform':
      if (!(d.max > d.min)) throw bad('the maximum must be above the minimum')
      break
    case 'normal':
      if (!(d.sd > 0)) throw bad('the standard deviation must be positive')
      break
    case 'lognormal':
      if (!(d.mean > 0)) throw bad('the mean must be positive (a lognormal value is always positive)')
      if (!(d.sd > 0)) throw bad('the standard deviation must be positive')
      break
    case 'triangular':
      if (!(d.min <= d.mode && d.mode <= d.max && d.max > d.min))
        throw bad('needs minimum <= mode <= maximum, with maximum above minimum')
      break
  }
  return d
}
