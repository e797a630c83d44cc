/**
 * The Ishigami & Homma (1990) test function f = sin x1 + a sin² x2 + b x3⁴ sin x1, x_i uniform on
 * [−π, π], with the usual a = 7, b = 0.1, and its Sobol' indices in closed form (Saltelli et al. 2008,
 * Global Sensitivity Analysis: The Primer, §4.9).
 */
export const A = 7
export const B = 0.1

/** f at one point given in unit-cube coordinates (u = 0 is −π, u = 1 is π). */
export function ishigami(u1: number, u2: number, u3: number, a = A, b = B): number {
  const x1 = Math.PI * (2 * u1 - 1)
  const x2 = Math.PI * (2 * u2 - 1)
  const x3 = Math.PI * (2 * u3 - 1)
  return Math.sin(x1) + a * Math.sin(x2) ** 2 + b * x3 ** 4 * Math.sin(x1)
}

/** f for every row of a row-major unit design with 3 columns. */
export function ishigamiOutputs(design: Float64Array, a = A, b = B): Float64Array {
  const y = new Float64Array(design.length / 3)
  for (let j = 0; j < y.length; j++) y[j] = ishigami(design[3 * j]!, design[3 * j + 1]!, design[3 * j + 2]!, a, b)
  return y
}

/** Analytic variance and first/total-order indices; x3 acts only through its interaction with x1. */
export function ishigamiIndices(a = A, b = B): { variance: number; first: number[]; total: number[] } {
  const pi4 = Math.PI ** 4
  const pi8 = Math.PI ** 8
  const variance = (a * a) / 8 + (b * pi4) / 5 + (b * b * pi8) / 18 + 1 / 2
  const v1 = (1 + (b * pi4) / 5) ** 2 / 2
  const v2 = (a * a) / 8
  const v13 = b * b * pi8 * (1 / 18 - 1 / 50)
  return {
    variance,
    first: [v1 / variance, v2 / variance, 0],
    total: [(v1 + v13) / variance, v2 / variance, v13 / variance],
  }
}
