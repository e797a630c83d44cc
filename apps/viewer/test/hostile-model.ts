import { canonicalId } from '@stockflow/model'
import type { Model } from '@stockflow/model'

// A model whose names, docs and units carry markup: the document must show it as text and run none of it.
const STOCK = '<img src=x onerror=window.__pwned=1>Tank'
const RATE = '<script>window.__pwned=2</script>'
const FLOW = 'Drain</td><script>window.__pwned=3</script>'

export const HOSTILE_NAMES = [STOCK, RATE, FLOW] as const

export const hostileModel: Model = {
  name: '<svg onload="window.__pwned=4">',
  doc: '<iframe srcdoc="<script>parent.__pwned=5</script>"></iframe>',
  time: { start: 0, stop: 10, dt: 1, units: '<b>day</b>' },
  elements: [
    {
      kind: 'stock',
      name: STOCK,
      id: canonicalId(STOCK),
      initial: '100',
      inflows: [],
      outflows: [canonicalId(FLOW)],
      units: '"litre"<style>*{display:none}</style>',
      doc: '<a href="javascript:window.__pwned=6">click</a>',
    },
    {
      kind: 'flow',
      name: FLOW,
      id: canonicalId(FLOW),
      equation: `"${STOCK}" * "${RATE}"`,
      units: 'litre/day',
      doc: "' onmouseover='window.__pwned=7",
    },
    { kind: 'param', name: RATE, id: canonicalId(RATE), value: 0.1, units: '1/day', doc: '=HYPERLINK("http://x")' },
  ],
}
