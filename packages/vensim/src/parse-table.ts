import type { LookupTable } from './ast.js'
import type { TokenStream } from './stream.js'

/** A point `(x, y)` of a lookup. */
function point(s: TokenStream): [number, number] {
  const open = s.expect('(', 'to start a lookup point')
  const x = s.signedNumber('for the x of a lookup point').value
  s.expect(',', 'between the x and y of a lookup point')
  const y = s.signedNumber('for the y of a lookup point').value
  s.expect(')', `to close the lookup point at ${s.where(open.start)}`)
  return [x, y]
}

/**
 * A lookup's body after its opening `(` (`open`), through the closing `)`: an optional range
 * `[(xmin,ymin)-(xmax,ymax), reference points...]`, then `(x,y)` points, or Vensim's other form
 * `x1, x2, ..., y1, y2, ...` (as many x as y).
 */
export function tableBody(s: TokenStream, open: number): LookupTable {
  let range: LookupTable['range']
  if (s.eat('[')) {
    const [xmin, ymin] = point(s)
    s.expect('-', 'between the corners of a lookup range')
    const [xmax, ymax] = point(s)
    // Reference points, which only Vensim's graph editor reads.
    while (s.eat(',')) point(s)
    s.expect(']', 'to close the lookup range')
    range = { xmin, ymin, xmax, ymax }
    s.eat(',')
  }
  const x: number[] = []
  const y: number[] = []
  if (s.isOp(s.peek(), '(')) {
    do {
      const [px, py] = point(s)
      x.push(px)
      y.push(py)
    } while (s.eat(','))
  } else {
    const flat: number[] = []
    const first = s.peek()
    do flat.push(s.signedNumber('in the lookup').value)
    while (s.eat(','))
    if (flat.length % 2 !== 0)
      s.fail(first, `a lookup written as x values then y values needs as many of each; it has ${flat.length} numbers`)
    const half = flat.length / 2
    for (let i = 0; i < half; i++) {
      x.push(flat[i]!)
      y.push(flat[half + i]!)
    }
  }
  s.expect(')', `to close the lookup opened at ${s.where(open)}`)
  return { ...(range ? { range } : {}), x, y, pos: s.pos(open) }
}
