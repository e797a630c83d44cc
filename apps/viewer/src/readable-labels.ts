/**
 * Labels that stay readable however far a diagram is zoomed out. A large model fitted into its panel
 * draws its names at a few pixels: rather than shrink every label, detail hides by zoom level (the
 * panel's `lod-*` classes on the `<svg>`, see `lodClasses`) and the labels that matter most (stocks, a
 * highlighted loop, the selection) are drawn again above the diagram, at least `MIN_LABEL_PX` on
 * screen. The renderer's own labels keep their place, so node boxes in diagram units do not change.
 */

import { declutter, type LabelBox } from './declutter.ts'

/** The smallest on-screen size of a stock's (or a highlighted or selected node's) label, in CSS pixels. */
export const MIN_LABEL_PX = 10
/** Below this on-screen size the other labels hide instead of shrinking. */
export const DETAIL_PX = 7

const SVG_NS = 'http://www.w3.org/2000/svg'

/** The class that hides a readable copy drawn over by one that matters more (see `declutterReadableLabels`). */
export const DECLUTTER_HIDDEN = 'declutter-hidden'

/**
 * What each readable copy is drawn from: its source label's box (diagram units, measured when drawn),
 * its nominal size, whether it is a stock's, and (once the copy has been shown) the copy's own box in
 * em about its anchor, exact at any size since the copy scales about that point.
 */
interface Source {
  readonly box: DOMRect
  readonly nominal: number
  readonly stock: boolean
  readonly cx: number
  readonly cy: number
  em?: { x: number; y: number; width: number; height: number }
}
const sources = new WeakMap<Element, Source>()
/** The renderer's label is drawn at a few pixels and in a lighter weight: its box undershoots the copy's width. */
const ESTIMATE_WIDEN = 1.2

/** The `<svg>` classes at an effective scale: `lod-enlarge` (readable labels shown), `lod-detail-hidden`. */
export function lodClasses(
  scale: number,
  nominal: { readonly stock: number; readonly other: number },
): { enlarge: boolean; detailHidden: boolean } {
  return { enlarge: scale * nominal.stock < MIN_LABEL_PX, detailHidden: scale * nominal.other < DETAIL_PX }
}

/** The renderer's label sizes (diagram units): a stock's, and any other node's. */
export function nominalSizes(base: Element): { stock: number; other: number } {
  const size = (selector: string, fallback: number) => {
    const t = base.querySelector(selector)
    const v = parseFloat(t?.getAttribute('font-size') ?? '')
    return Number.isFinite(v) && v > 0 ? v : fallback
  }
  return { stock: size('[data-node].stock text', 11), other: size('[data-node]:not(.stock) text', 11) }
}

/**
 * Draws, into `into`, a readable copy of the label of every stock and of each node in `prominent`
 * (ids), centred where the renderer's label is, with the same lines; and a dot for each node drawn as
 * a name only (causal-loop variables), shown when detail is hidden so the node does not vanish. The
 * copies' size comes from CSS (`--s`, the effective scale), so zooming needs no redraw.
 */
export function drawReadableLabels(base: Element, into: Element, prominent: ReadonlySet<string>): void {
  into.replaceChildren()
  for (const g of base.querySelectorAll<SVGGElement>('[data-node]')) {
    const id = g.getAttribute('data-node') ?? ''
    const texts = [...g.querySelectorAll<SVGTextElement>('text')]
    g.classList.remove('has-readable')
    if (texts.length === 0) continue
    let box: DOMRect | undefined
    try {
      box = unionBox(texts)
    } catch {
      continue // not laid out (a hidden panel)
    }
    if (!box) continue
    const cx = box.x + box.width / 2
    const cy = box.y + box.height / 2
    const shapes = [...g.children].some((c) => c instanceof SVGGeometryElement && !(c instanceof SVGTextElement))
    if (!shapes) {
      const dot = document.createElementNS(SVG_NS, 'circle')
      dot.setAttribute('class', 'lod-dot')
      dot.setAttribute('data-for', id)
      dot.setAttribute('cx', String(cx))
      dot.setAttribute('cy', String(cy))
      dot.setAttribute('r', '3')
      into.appendChild(dot)
    }
    if (!g.classList.contains('stock') && !prominent.has(id)) continue
    g.classList.add('has-readable')
    const label = readableLabel(id, texts, cx, cy)
    sources.set(label, {
      box,
      nominal: parseFloat(label.style.getPropertyValue('--n')),
      stock: g.classList.contains('stock'),
      cx,
      cy,
    })
    into.appendChild(label)
  }
}

/**
 * Hides (class `declutter-hidden`) each readable copy in `into` that would overlap one that matters
 * more at the effective scale `scale` (screen px per unit): the selection first, then stocks, then a
 * highlighted loop's nodes, then the rest. A stock's copy is never hidden. Each copy's box is its
 * own, measured in em the first time it is shown, else its source label's grown by the copy's size
 * over the nominal (as the CSS sizes it); call it again when the scale changes, so a copy hidden
 * zoomed out comes back when zooming in makes room.
 */
export function declutterReadableLabels(into: Element, scale: number): void {
  if (!Number.isFinite(scale) || scale <= 0) return
  const labels = [...into.querySelectorAll<SVGTextElement>('.readable-label')]
  if (into.closest('svg')?.classList.contains('lod-enlarge')) measureCopies(labels)
  const boxes: LabelBox[] = []
  labels.forEach((label, i) => {
    const src = sources.get(label)
    if (!src) return
    const size = Math.max(src.nominal, (MIN_LABEL_PX + 0.05) / scale) // as style.css sizes the copy
    const box = src.em
      ? {
          x: src.cx + src.em.x * size,
          y: src.cy + src.em.y * size,
          width: src.em.width * size,
          height: src.em.height * size,
        }
      : estimated(src, size / src.nominal)
    const cls = label.classList
    const rank = cls.contains('selected') ? 0 : src.stock ? 1 : cls.contains('on-loop') ? 2 : 3
    boxes.push({ id: String(i), ...box, rank, always: src.stock })
  })
  const kept = declutter(boxes)
  labels.forEach((label, i) => label.classList.toggle(DECLUTTER_HIDDEN, sources.has(label) && !kept.has(String(i))))
}

/** Measures, in em about the anchor, the copies not measured yet (shown for the moment if decluttered). */
function measureCopies(labels: readonly SVGTextElement[]): void {
  const todo = labels.filter((l) => sources.get(l) && !sources.get(l)!.em)
  if (todo.length === 0) return
  for (const l of todo) l.classList.remove(DECLUTTER_HIDDEN)
  for (const l of todo) {
    const src = sources.get(l)!
    try {
      const b = l.getBBox()
      const em = parseFloat(getComputedStyle(l).fontSize)
      if (b.width > 0 && em > 0)
        src.em = { x: (b.x - src.cx) / em, y: (b.y - src.cy) / em, width: b.width / em, height: b.height / em }
    } catch {
      // not laid out: estimated from the source label
    }
  }
}

/** A copy's box from its source label's, grown by `ratio` about the centre (and a little wider). */
function estimated(src: Source, ratio: number): { x: number; y: number; width: number; height: number } {
  const width = src.box.width * ratio * ESTIMATE_WIDEN
  const height = src.box.height * ratio
  return { x: src.cx - width / 2, y: src.cy - height / 2, width, height }
}

/** One `<text class="readable-label">` with a `<tspan>` per line, spaced in em so it scales with its size. */
function readableLabel(id: string, texts: readonly SVGTextElement[], cx: number, cy: number): SVGTextElement {
  const first = texts[0]!
  const nominal = parseFloat(first.getAttribute('font-size') ?? '') || 11
  const lineHeight =
    texts.length > 1
      ? Math.abs(Number(texts[1]!.getAttribute('y')) - Number(first.getAttribute('y'))) / nominal || 1.2
      : 1.2
  const label = document.createElementNS(SVG_NS, 'text')
  label.setAttribute('class', 'readable-label')
  label.setAttribute('data-for', id)
  label.setAttribute('x', String(cx))
  label.setAttribute('y', String(cy))
  label.setAttribute('text-anchor', 'middle')
  label.setAttribute('dominant-baseline', 'central')
  label.style.setProperty('--n', String(nominal))
  for (const a of ['fill', 'font-weight', 'font-style']) {
    const v = first.getAttribute(a)
    if (v) label.setAttribute(a, v)
  }
  texts.forEach((t, i) => {
    const span = document.createElementNS(SVG_NS, 'tspan')
    span.setAttribute('x', String(cx))
    span.setAttribute('dy', `${i === 0 ? (-(texts.length - 1) * lineHeight) / 2 : lineHeight}em`)
    span.textContent = t.textContent
    label.appendChild(span)
  })
  return label
}

/** The union of the elements' boxes (in their shared user space), or undefined when all are empty. */
function unionBox(elements: readonly SVGGraphicsElement[]): DOMRect | undefined {
  let x0 = Infinity
  let y0 = Infinity
  let x1 = -Infinity
  let y1 = -Infinity
  for (const e of elements) {
    const b = e.getBBox()
    if (b.width === 0 && b.height === 0) continue
    x0 = Math.min(x0, b.x)
    y0 = Math.min(y0, b.y)
    x1 = Math.max(x1, b.x + b.width)
    y1 = Math.max(y1, b.y + b.height)
  }
  return x0 === Infinity ? undefined : new DOMRect(x0, y0, x1 - x0, y1 - y0)
}

/**
 * A node's box in diagram units: its shapes and labels, leaving out a flow's pipe (which runs between
 * stocks, so centring on a flow would centre on the whole chain).
 */
export function nodeBox(g: SVGGElement): DOMRect | undefined {
  const parts = [...g.querySelectorAll<SVGGraphicsElement>('*')].filter(
    (e) =>
      e instanceof SVGGraphicsElement &&
      !(e instanceof SVGGElement) &&
      !/(^|\s)pipe/.test(e.getAttribute('class') ?? ''),
  )
  try {
    return unionBox(parts.length ? parts : [g])
  } catch {
    return undefined
  }
}

/** The union of boxes, or undefined for none. */
export function unionOf(boxes: readonly (DOMRect | undefined)[]): DOMRect | undefined {
  const present = boxes.filter((b): b is DOMRect => b !== undefined)
  if (present.length === 0) return undefined
  const x0 = Math.min(...present.map((b) => b.x))
  const y0 = Math.min(...present.map((b) => b.y))
  const x1 = Math.max(...present.map((b) => b.x + b.width))
  const y1 = Math.max(...present.map((b) => b.y + b.height))
  return new DOMRect(x0, y0, x1 - x0, y1 - y0)
}
