/**
 * The automatic stock-and-flow layout at size (`pnpm bench:viewer --only=layout`, or run this file):
 * generated models of 50 to 500 variables (bench/models.ts) and the involution model with its
 * parameters, each laid out in Node as the viewer's diagram worker lays it out. Per model: the time of
 * one layout and its SVG (median of a few), the drawing's aspect, the crossings of pipes and connectors and the
 * overlapping node boxes (`stockFlowMetrics`). A benchmark: it prints, and fails on nothing.
 */
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { renderStockFlow, stockFlowMetrics } from '@stockflow/diagram'
import type { Model } from '@stockflow/model'
import involution from '../seeds/involution/model.ts'
import { FAMILIES, generate } from './models.ts'

export const LAYOUT_SIZES = [50, 100, 200, 500] as const

/** One measured model. */
export interface LayoutRow {
  readonly model: string
  readonly nodes: number
  readonly ms: number
  readonly aspect: number
  readonly crossings: number
  readonly overlaps: number
}

/** The models measured: each family at each size, then the involution model. */
export function layoutModels(sizes: readonly number[] = LAYOUT_SIZES): Model[] {
  return [...FAMILIES.flatMap((f) => sizes.map((n) => generate(f, n, 10))), involution]
}

/** Lays out each model `runs` times (the first one a warm-up when more than one). */
export function layoutBench(models: readonly Model[], runs = 3): LayoutRow[] {
  return models.map((model) => {
    const times: number[] = []
    let layout = renderStockFlow(model).layout
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now()
      layout = renderStockFlow(model).layout
      times.push(performance.now() - t0)
    }
    times.sort((a, b) => a - b)
    const m = stockFlowMetrics(layout)
    return {
      model: model.name,
      nodes: layout.nodes.length,
      ms: times[Math.floor(times.length / 2)]!,
      aspect: m.aspect,
      crossings: m.crossings,
      overlaps: m.overlaps,
    }
  })
}

/** A Markdown table of the rows. */
export function layoutTable(rows: readonly LayoutRow[]): string {
  const head = '| model | nodes | layout ms | w/h | crossings | overlaps |\n| --- | ---: | ---: | ---: | ---: | ---: |'
  const body = rows.map(
    (r) => `| ${r.model} | ${r.nodes} | ${r.ms.toFixed(1)} | ${r.aspect.toFixed(2)} | ${r.crossings} | ${r.overlaps} |`,
  )
  return [head, ...body].join('\n')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
  const sizes = arg('sizes')?.split(',').map(Number) ?? LAYOUT_SIZES
  console.log('automatic stock-and-flow layout in Node (median of 3 after a warm-up)')
  console.log(layoutTable(layoutBench(layoutModels(sizes), Number(arg('runs') ?? 3))))
}
