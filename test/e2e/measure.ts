// Measures of what a diagram panel shows, read in the page: how large its labels are on screen and
// where its nodes are, for the tests of readability and layout (issue 19).
import type { Page } from 'playwright-core'

/** A label as drawn: its text, its on-screen font size in CSS pixels, the node it labels (`data-node`). */
export interface LabelSize {
  readonly text: string
  readonly px: number
  readonly node?: string
  /** False when CSS hides it (display, visibility or opacity), e.g. detail hidden at this zoom. */
  readonly visible: boolean
}

/** A `[data-node]` group's box in diagram units (the zoom's own, whatever the zoom). */
export interface NodeBox {
  readonly id: string
  /** The group's classes, e.g. `node stock`, `node flow`, `node alias aux`. */
  readonly kind: string
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/**
 * The on-screen size of every label `selector` finds (`<text>` elements, or the texts inside what it
 * finds): each text's computed font size times its scale to the screen (`getScreenCTM().a`).
 */
export async function labelPx(page: Page, selector: string): Promise<LabelSize[]> {
  return (await page.evaluate(`(() => {
    const found = [...document.querySelectorAll(${JSON.stringify(selector)})]
    const texts = found.flatMap((e) => (e instanceof SVGTextElement ? [e] : [...e.querySelectorAll('text')]))
    return [...new Set(texts)].map((t) => ({
      text: t.textContent ?? '',
      px: parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? NaN),
      ...(t.closest('[data-node]') ? { node: t.closest('[data-node]').getAttribute('data-node') } : {}),
      visible: t.checkVisibility({ opacityProperty: true, visibilityProperty: true }),
    }))
  })()`)) as LabelSize[]
}

/**
 * The box of each `[data-node]` group of a panel (`cld`, `stock-flow`, …: `#panel-<panel>`), in diagram
 * units: the union of its shapes and labels, leaving out a flow's pipe (`path.pipe*`), which runs
 * between stocks and would make every flow overlap its stocks.
 */
export async function nodeBoxes(page: Page, panel: string): Promise<NodeBox[]> {
  return (await page.evaluate(`(() => {
    const svg = document.querySelector(${JSON.stringify(`#panel-${panel} svg`)})
    if (!svg) return []
    const frame = (svg.querySelector('.zoom-layer') ?? svg).getScreenCTM().inverse()
    const pipe = (e) => /(^|\\s)pipe/.test(e.getAttribute('class') ?? '')
    return [...svg.querySelectorAll('[data-node]')].map((g) => {
      const parts = [...g.querySelectorAll('*')].filter(
        (e) => e instanceof SVGGraphicsElement && !(e instanceof SVGGElement) && !pipe(e),
      )
      const xs = []
      const ys = []
      for (const e of parts) {
        const b = e.getBBox()
        const m = frame.multiply(e.getScreenCTM())
        for (const [x, y] of [[b.x, b.y], [b.x + b.width, b.y], [b.x, b.y + b.height], [b.x + b.width, b.y + b.height]]) {
          const p = new DOMPoint(x, y).matrixTransform(m)
          xs.push(p.x)
          ys.push(p.y)
        }
      }
      const x = xs.length ? Math.min(...xs) : NaN
      const y = ys.length ? Math.min(...ys) : NaN
      const box = { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y }
      return { id: g.getAttribute('data-node'), kind: g.getAttribute('class') ?? '', ...box }
    })
  })()`)) as NodeBox[]
}

/** The pairs of boxes that overlap by more than `tolerance` units both ways (ids, in order found). */
export function overlappingPairs(boxes: readonly NodeBox[], tolerance = 0): [string, string][] {
  const pairs: [string, string][] = []
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!
      const b = boxes[j]!
      const dx = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
      const dy = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
      if (dx > tolerance && dy > tolerance) pairs.push([a.id, b.id])
    }
  }
  return pairs
}
