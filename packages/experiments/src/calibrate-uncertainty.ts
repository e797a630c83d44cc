import { Matrix, SingularValueDecomposition, inverse } from 'ml-matrix'
import type { Fit } from './calibrate-fit.js'

/** A singular value below this share of the largest marks a direction the data does not constrain. */
const IDENTIFIABLE = 1e-7

/** Standard errors from s²·(JᵀJ)⁻¹, and which parameters the data cannot pin down. */
export function parameterUncertainty(
  columns: readonly Float64Array[],
  sse: number,
  m: number,
  fit: readonly Fit[],
): { standardErrors: number[]; identifiable: boolean[]; warnings: string[] } {
  const p = fit.length
  const s2 = sse / (m - p)
  const norms = columns.map((c) => Math.sqrt(c.reduce((a, x) => a + x * x, 0)))
  const identifiable = norms.map((n) => n > 0 && Number.isFinite(n))
  const warnings: string[] = []
  fit.forEach((f, j) => {
    if (!identifiable[j]) warnings.push(`"${f.name}" changes none of the fitted series; the data cannot estimate it`)
  })
  // Columns scaled to unit length, so a parameter's units do not make it look (un)identifiable.
  const live = fit.map((_, j) => j).filter((j) => identifiable[j])
  if (live.length > 0) {
    const scaled = new Matrix(m, live.length)
    live.forEach((j, c) => {
      for (let i = 0; i < m; i++) scaled.set(i, c, columns[j]![i]! / norms[j]!)
    })
    const svd = new SingularValueDecomposition(scaled, { autoTranspose: true })
    const sigma = svd.diagonal
    const largest = Math.max(...sigma)
    const groups: string[][] = []
    sigma.forEach((s, k) => {
      if (s > IDENTIFIABLE * largest) return
      // The parameters that move together along this unconstrained direction.
      const group = live.filter((_, c) => Math.abs(svd.rightSingularVectors.get(c, k)) > 0.1)
      for (const j of group) identifiable[j] = false
      groups.push(group.map((j) => fit[j]!.name))
    })
    for (const g of groups)
      warnings.push(
        g.length > 1
          ? `${g.map((n) => `"${n}"`).join(' and ')} are not identifiable from this data: the fit depends only on a combination of them; fix all but one or add data that tells them apart`
          : `"${g[0]}" is not identifiable from this data; fix it or add data it affects`,
      )
  }
  const kept = fit.map((_, j) => j).filter((j) => identifiable[j])
  const standardErrors = new Array<number>(p).fill(Infinity)
  if (kept.length > 0) {
    const jtj = new Matrix(kept.length, kept.length)
    kept.forEach((a, r) =>
      kept.forEach((b, c) => {
        let sum = 0
        for (let i = 0; i < m; i++) sum += columns[a]![i]! * columns[b]![i]!
        jtj.set(r, c, sum)
      }),
    )
    const covariance = inverse(jtj).mul(s2)
    kept.forEach((j, r) => (standardErrors[j] = Math.sqrt(Math.max(0, covariance.get(r, r)))))
    if (kept.length < p)
      warnings.push('standard errors of the identifiable parameters hold the others fixed at their fitted values')
  }
  return { standardErrors, identifiable, warnings }
}
