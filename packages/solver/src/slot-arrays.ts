/**
 * Arrays among a program's slots. Flattening names an array's elements `pop[north]`, `pop[south]`, and
 * the internal slots of each element's SMOOTH or DELAY after them (`pop[north]:smth1:input`): slots
 * whose names differ only inside the first brackets (and in a random draw's counter) belong to one
 * array. A model written element by element with those names is the same model, and is laid out alike.
 */

/** A slot's name with its subscripts left out: equal for the elements of one array; undefined for a scalar's. */
function arrayKey(name: string): string | undefined {
  const open = name.indexOf('[')
  if (open < 0) return undefined
  const close = name.indexOf(']', open)
  if (close < 0) return undefined
  const rest = name.slice(close + 1)
  const draw = rest.lastIndexOf('#')
  return name.slice(0, open) + (draw >= 0 && /^#\d+$/.test(rest.slice(draw)) ? rest.slice(0, draw) : rest)
}

/**
 * For each slot, the number of the array it is an element of, or -1 when it is no array's (or its
 * array has one element). `stocky` slots (integrated) never share an array with others: stocks stay
 * in their own contiguous range whatever the names say.
 */
export function arrayGroups(names: readonly string[], stocky: (slot: number) => boolean): Int32Array {
  const groups = new Int32Array(names.length).fill(-1)
  const byKey = new Map<string, number>()
  const first: number[] = []
  const size: number[] = []
  for (let i = 0; i < names.length; i++) {
    const key = arrayKey(names[i]!)
    if (key === undefined) continue
    const k = (stocky(i) ? 's' : 'v') + key
    let g = byKey.get(k)
    if (g === undefined) {
      byKey.set(k, (g = first.length))
      first.push(i)
      size.push(0)
    }
    size[g]!++
    groups[i] = g
  }
  for (let i = 0; i < names.length; i++) if (groups[i]! >= 0 && size[groups[i]!]! < 2) groups[i] = -1
  return groups
}

/**
 * `order` with the members of each array together, in increasing slot number (the order their
 * elements were declared, row-major), where the first of them was: an array is then one range of
 * slots, however its elements' equations were ordered.
 */
export function gather(order: ArrayLike<number>, groups: Int32Array): Int32Array {
  const n = order.length
  // The members of each array, in slot order.
  const members = new Map<number, number[]>()
  let most = -1
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!
    if (g < 0) continue
    if (g > most) most = g
    const list = members.get(g)
    if (list) list.push(i)
    else members.set(g, [i])
  }
  const out = new Int32Array(n)
  const placed = new Uint8Array(most + 1)
  let k = 0
  for (let j = 0; j < n; j++) {
    const s = order[j]!
    const g = groups[s]!
    if (g < 0) out[k++] = s
    else if (!placed[g]) {
      placed[g] = 1
      for (const m of members.get(g)!) out[k++] = m
    }
  }
  return out
}
