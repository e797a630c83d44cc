import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { allocateAvailable, allocateByPriority } from '../src/allocation.js'
import { vectorRank, vectorReorder, vectorSortOrder } from '../src/array-vectors.js'
import { corpusPath } from '../../../test/support/corpus.js'

// The array builtins against every row of Vensim's runs (output.tab) of the SDXorg test models that
// exercise them, the inputs read off the models by hand (the unit tests hold a few rows inline).
const tests = corpusPath('test-models', 'tests')

/** Vensim's run: each column by its header (quotes dropped), blank cells left out. */
function output(name: string): Map<string, number[]> {
  const [head, ...rows] = readFileSync(join(tests!, name, 'output.tab'), 'utf8')
    .trim()
    .split(/\r?\n/)
  const names = head!.split('\t').map((n) => n.replace(/^"|"$/g, ''))
  const columns = new Map<string, number[]>(names.map((n) => [n, []]))
  for (const row of rows) row.split('\t').forEach((v, i) => v !== '' && columns.get(names[i]!)!.push(Number(v)))
  return columns
}

const arr = (xs: readonly number[]) => [xs.length, ...xs]

describe.skipIf(!tests)('the array builtins on the SDXorg corpus', () => {
  it('ALLOCATE AVAILABLE matches allocate_available for every profile, time and supply', () => {
    const out = output('allocate_available')
    const branches = ['Boston', 'Dayton', 'Fresno']
    const demand = [500, 300, 750]
    const profile = (type: number, priorities: number[], widths: number[]) =>
      priorities.flatMap((p, i) => [type, p, widths[i]!, 0])
    const fixed: Record<string, number[]> = {}
    for (const type of [1, 2, 3, 4]) {
      const widths = type < 3 ? [2, 4, 4] : [1, 2, 2]
      fixed[`${type}`] = profile(type, [5, 7, 3], widths)
      fixed[`${type} far`] = profile(type, [20, 7, 2], widths)
    }
    const mixedDemand = [
      [500, 300, 750, 200],
      [550, 400, 650, 220],
      [200, 600, 850, 190],
      [300, 700, 350, 500],
    ]
    const mixedProfiles: Record<string, number[]> = {
      Boston: [1, 3, 3, 0, 2, 5, 2, 0, 3, 2, 1, 0, 4, 6, 2, 0],
      Dayton: [1, 4, 1.5, 0, 2, 5, 2, 0, 3, 4, 1, 0, 4, 6, 1, 0],
      Fresno: [1, 3, 3, 0, 2, 2, 2, 0, 3, 2, 2, 0, 4, 3, 1, 0],
    }
    let checked = 0
    out.get('Time')!.forEach((t, row) => {
      const check = (column: string, i: number, avail: number, request: number[], pp: number[]) => {
        const got = allocateAvailable(i + 1, avail, ...arr(request), ...arr(pp))
        const want = out.get(column)![row]!
        // Vensim's search for the level stops within a tolerance (its totals are off by up to 1.4e-5),
        // which moves its shares of steep normal curves by up to 1e-4 of the supply.
        if (!(Math.abs(got - want) <= 2e-4 * avail + 1e-9)) expect(got, `${column} at ${t}`).toBe(want)
        checked++
      }
      for (const [k, pp] of Object.entries(fixed))
        branches.forEach((b, i) => check(`allocation${k}[${b}]`, i, 20 * t, demand, pp))
      branches.forEach((b, i) =>
        check(`allocation zeros[${b}]`, i, 20 * t, [500, 0, 750], [1, 5, 2, 0, 1, 5, 50, 0, 1, 23, 4, 0]),
      )
      // The sep profiles move their priorities with time, one supply per product.
      for (const type of [1, 2, 3, 4]) {
        const widths = type < 3 ? [4, 2, 2] : [2, 1, 1]
        const pp = profile(type, [5 + 0.1 * t, 5, 5 - 0.1 * t], widths)
        ;[100, 220, 300, 550].forEach((avail, j) =>
          branches.forEach((b, i) => check(`allocation${type} sep[${'ABCD'[j]},${b}]`, i, avail, demand, pp)),
        )
      }
      // Mixed curve types among the requesters (size), one profile matrix per branch.
      for (const [b, pp] of Object.entries(mixedProfiles))
        [...'ABCD'].forEach((p, j) =>
          ['small', 'medium', 'large', 'huge'].forEach((s, i) =>
            check(`allocation mixed[${b},${p},${s}]`, i, 20 * t, mixedDemand[j]!, pp),
          ),
        )
    })
    expect(checked).toBe(26 * (27 + 48 + 48))
  })

  it('ALLOCATE BY PRIORITY matches allocate_by_priority in one, two and three dimensions', () => {
    const out = output('allocate_by_priority')
    const dim = ['A', 'B', 'C']
    const dim2 = ['A', 'B', 'C', 'D', 'E']
    let checked = 0
    out.get('Time')!.forEach((t, row) => {
      const check = (column: string, i: number, width: number, supply: number, req: number[], prio: number[]) => {
        const got = allocateByPriority(i + 1, req.length, width, supply, ...arr(req), ...arr(prio))
        const want = out.get(column)![row]!
        // Six significant digits in the file.
        if (!(Math.abs(got - want) <= 5e-6 * Math.max(1, Math.abs(want)))) expect(got, `${column} at ${t}`).toBe(want)
        checked++
      }
      dim.forEach((e, i) => check(`allocation1[${e}]`, i, 3, t, [10, 6, 3], [2, 4, 3]))
      dim2.forEach((e, i) => check(`allocation2[${e}]`, i, 3, t, [8, 1, 3, 4, 0], [5, 3, 0, 1.5, 4]))
      const demands2D = [
        [6, 3, 3, 3, 1],
        [8, 1, 3, 4, 0],
        [0.6, 0, 3, 3, 1],
      ]
      const priorities2D = [
        [1, 10, 2, 1, 0],
        [5, 3, 0, 1.5, 4],
        [7, -2, 3, 4, 0.5],
      ]
      const supply1D = [t, 10 + t, t / 2 + 1]
      dim.forEach((r, k) =>
        dim2.forEach((e, i) =>
          check(`allocation2D[${r},${e}]`, i, [2, 3, 3][k]!, supply1D[k]!, demands2D[k]!, priorities2D[k]!),
        ),
      )
      const priorities3 = [
        [1, 10, 2],
        [5, 3, 0],
        [7, 1, 3],
        [1, 2, 3],
        [0.1, 0.3, 0.8],
      ]
      const width3 = [1, 2, 0.5, 3, 10]
      ;['X', 'Y'].forEach((x, k) =>
        dim2.forEach((e, j) =>
          dim.forEach((r, i) =>
            check(`allocation3D[${x},${e},${r}]`, i, width3[j]!, [t, 2 * t + 1][k]!, [10, 20, 5], priorities3[j]!),
          ),
        ),
      )
    })
    expect(checked).toBe(141 * (3 + 5 + 15 + 30))
  })

  it('VECTOR SORT ORDER, RANK and REORDER match vector_order at every time', () => {
    const out = output('vector_order')
    const at = (column: string, row: number) => out.get(column)![row]!
    const k5 = [1, 2, 3, 4, 5]
    out.get('Time')!.forEach((t, row) => {
      // revenue[company] is the reordered revenue put back by its sort order.
      const revenue: number[] = []
      for (const k of k5) revenue[at(`SORT ORDER[sort${k}]`, row)] = at(`sorted revenue REORDERed[sort${k}]`, row)
      const down = k5.map((i) => vectorSortOrder(i, 0, ...arr(revenue)))
      const columns: [string, number[]][] = [
        ['SORT ORDER[sort', k5.map((i) => vectorSortOrder(i, 1, ...arr(revenue)))],
        ['SORT ORDER neg[sort', down],
        ['revenue RANK[company', k5.map((i) => vectorRank(i, 1, ...arr(revenue)))],
        ['revenue RANK neg[company', k5.map((i) => vectorRank(i, 0, ...arr(revenue)))],
        ['sorted revenue REORDERed neg[sort', k5.map((i) => vectorReorder(i, ...arr(revenue), ...arr(down)))],
      ]
      for (const [prefix, got] of columns)
        expect(got, `${prefix} at ${t}`).toEqual(k5.map((k) => at(`${prefix}${k}]`, row)))
      // revenue2A[company, Region] ranked over Region for each company.
      for (const c of k5) {
        const v: number[] = []
        for (const r of 'ABC')
          v[at(`SORT ORDER2A[sort${c},${r}]`, row)] = at(`sorted revenue REORDERed2A[sort${c},${r}]`, row)
        const want = [...'ABC'].map((r) => at(`revenue RANK2A[company${c},${r}]`, row))
        expect(
          [1, 2, 3].map((i) => vectorRank(i, 1, ...arr(v))),
          `RANK2A company${c} at ${t}`,
        ).toEqual(want)
      }
    })
  })
})
