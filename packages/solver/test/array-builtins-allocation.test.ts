import { describe, expect, it } from 'vitest'
import { allocate, allocateAvailable, allocateByPriority, erfc } from '../src/allocation.js'

type Fn = (...a: number[]) => number

/** Every element of an array result: the flat call at positions 1..n, the other arguments as given. */
const each = (f: Fn, n: number, ...rest: number[]) => Array.from({ length: n }, (_, i) => f(i + 1, ...rest))
const arr = (xs: readonly number[]) => [xs.length, ...xs]

/** ALLOCATE AVAILABLE(request, profiles, available) for every requester. */
const available = (request: number[], profiles: number[][], avail: number) =>
  each(allocateAvailable, request.length, avail, ...arr(request), ...arr(profiles.flat()))

/** ALLOCATE BY PRIORITY(request, priority, size, width, supply) for every requester. */
const byPriority = (request: number[], priority: number[], width: number, supply: number) =>
  each(allocateByPriority, request.length, request.length, width, supply, ...arr(request), ...arr(priority))

/**
 * Vensim stops its search for the priority level once the total is within a small tolerance, so its
 * numbers are off the exact solution by up to about 1e-5 of the amount allocated.
 */
function nearVensim(got: number[], want: number[], amount: number) {
  got.forEach((g, i) => {
    if (!(Math.abs(g - want[i]!) <= 1e-4 * amount + 1e-9)) expect(got).toEqual(want)
  })
}

const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0)

describe('erfc', () => {
  it('is accurate on both sides of the switch from series to continued fraction', () => {
    const known: [number, number][] = [
      [0, 1],
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028513],
      [2, 0.004677734981047266],
      [2.5, 0.000406952017444959],
      [3, 2.209049699858544e-5],
      [5, 1.5374597944280349e-12],
      [-1, 1.8427007929497148],
    ]
    for (const [x, want] of known) expect(Math.abs(erfc(x) - want) / want, `erfc(${x})`).toBeLessThan(1e-13)
    // No step where the method changes.
    expect(erfc(2.5 - 1e-12) - erfc(2.5)).toBeGreaterThan(0)
    expect(erfc(2.5 - 1e-12) - erfc(2.5)).toBeLessThan(1e-14)
    expect(erfc(40)).toBe(0)
    expect(erfc(-40)).toBe(2)
    expect(erfc(NaN)).toBeNaN()
  })
})

describe('ALLOCATE AVAILABLE', () => {
  // corpus allocate_available: demand1[branch] = 500, 300, 750; available = 20 * Time.
  const demand = [500, 300, 750]
  const profiles = (type: number, priorities: number[], widths: number[]) =>
    priorities.map((p, i) => [type, p, widths[i]!, 0])
  const near = [5, 7, 3]
  const far = [20, 7, 2]
  const times = [4, 12, 28, 48, 60]
  const cases: [string, number[][], number[][]][] = [
    [
      'rectangular',
      profiles(1, near, [2, 4, 4]),
      [
        [0, 80, 0],
        [11.5385, 228.462, 0],
        [255.714, 300, 4.28571],
        [484.286, 300, 175.714],
        [500, 300, 400],
      ],
    ],
    [
      'triangular',
      profiles(2, near, [2, 4, 4]),
      [
        [0, 79.9996, 0],
        [0, 240, 0],
        [259.962, 300, 0.0379772],
        [500, 300, 159.999],
        [500, 300, 400],
      ],
    ],
    [
      'normal',
      profiles(3, near, [1, 2, 2]),
      [
        [0.233115, 76.7926, 2.97321],
        [32.1325, 178.458, 29.4087],
        [212.283, 245.173, 102.545],
        [432.68, 281.914, 245.407],
        [493.774, 294.917, 411.31],
      ],
    ],
    [
      'exponential',
      profiles(4, near, [1, 2, 2]),
      [
        [4.75329, 56.2228, 19.0223],
        [35.2246, 152.991, 51.7833],
        [198.842, 238.125, 123.033],
        [429.507, 270.698, 259.796],
        [476.867, 283.214, 439.92],
      ],
    ],
    [
      'rectangular, far apart',
      profiles(1, far, [2, 4, 4]),
      [
        [80, 0, 0],
        [240, 0, 0],
        [500, 60, 0],
        [500, 300, 160],
        [500, 300, 400],
      ],
    ],
    [
      'triangular, far apart',
      profiles(2, far, [2, 4, 4]),
      [
        [79.9999, 0, 0],
        [240, 0, 0],
        [500, 59.9991, 0],
        [500, 300, 159.999],
        [500, 300, 400],
      ],
    ],
    [
      'normal, far apart',
      profiles(3, far, [1, 2, 2]),
      [
        [79.9993, 4.07008e-10, 0],
        [240, 1.0545e-8, 0],
        [500, 59.6894, 0.309932],
        [500, 288.19, 171.809],
        [500, 298.551, 401.449],
      ],
    ],
    [
      'exponential, far apart',
      profiles(4, far, [1, 2, 2]),
      [
        [79.8456, 0.127448, 0.0261539],
        [239.734, 0.220837, 0.0453185],
        [499.995, 49.7873, 10.217],
        [500, 275.037, 184.963],
        [500, 288.873, 411.127],
      ],
    ],
  ]

  it.each(cases)('%s profiles share what is available as Vensim does (corpus)', (_, pp, want) => {
    times.forEach((t, row) => {
      const got = available(demand, pp, 20 * t)
      nearVensim(got, want[row]!, 20 * t)
      expect(total(got)).toBeCloseTo(20 * t, 9)
    })
  })

  it('fills every request when there is enough, and gives nothing from nothing', () => {
    const pp = profiles(3, near, [1, 2, 2])
    expect(available(demand, pp, 2000)).toEqual(demand)
    expect(available(demand, pp, 1550)).toEqual(demand)
    expect(available(demand, pp, 0)).toEqual([0, 0, 0])
    expect(available(demand, pp, -5)).toEqual([0, 0, 0])
  })

  it('skips zero requests, whatever their profile (corpus allocation zeros)', () => {
    const pp = [
      [1, 5, 2, 0],
      [1, 5, 50, 0],
      [1, 23, 4, 0],
    ]
    const request = [500, 0, 750]
    expect(available(request, pp, 80)).toEqual([0, 0, 80])
    expect(available(request, pp, 800)).toEqual([50, 0, 750])
    expect(available(request, pp, 1000)).toEqual([250, 0, 750])
    expect(available([500, -3, 750], pp, 1000)).toEqual([250, 0, 750])
  })

  it('shares in proportion to requests between equal profiles', () => {
    const got = available([100, 300], profiles(3, [4, 4], [2, 2]), 200)
    expect(got[0]).toBeCloseTo(50, 9)
    expect(got[1]).toBeCloseTo(150, 9)
  })

  it('serves fixed quantities (ptype 0) first, in proportion among themselves when short', () => {
    const pp = [
      [0, 0, 0, 0],
      [1, 5, 2, 0],
      [0, 0, 0, 0],
    ]
    expect(available([100, 200, 300], pp, 50)).toEqual([12.5, 0, 37.5])
    const got = available([100, 200, 300], pp, 500)
    expect(got[0]).toBe(100)
    expect(got[2]).toBe(300)
    expect(got[1]).toBeCloseTo(100, 9)
  })

  it('is NaN for unknown curves, widths not above 0, NaN inputs and malformed calls', () => {
    expect(available([10, 20], profiles(5, [1, 2], [1, 1]), 15)).toEqual([NaN, NaN])
    expect(available([10, 20], profiles(11, [1, 2], [1, 1]), 15)).toEqual([NaN, NaN])
    expect(available([10, 20], profiles(1, [1, 2], [1, 0]), 15)).toEqual([NaN, NaN])
    expect(available([10, NaN], profiles(1, [1, 2], [1, 1]), 15)).toEqual([NaN, NaN])
    expect(available([10, 20], profiles(1, [1, 2], [1, 1]), NaN)).toEqual([NaN, NaN])
    expect(allocateAvailable(1, 15, ...arr([10, 20]), ...arr([1, 1, 1, 0, 1]))).toBeNaN()
    expect(allocateAvailable(3, 15, ...arr([10, 20]), ...arr(profiles(1, [1, 2], [1, 1]).flat()))).toBeNaN()
  })

  it('needs no curve when nobody asks for anything', () => {
    expect(allocate([], [], 10)).toEqual([])
    expect(
      allocate(
        [0, 0],
        [
          { type: 9, priority: 0, width: 0 },
          { type: 9, priority: 0, width: 0 },
        ],
        10,
      ),
    ).toEqual([0, 0])
  })
})

describe('ALLOCATE BY PRIORITY', () => {
  // corpus allocate_by_priority, allocation1 and allocation2 (width 3, supply = Time).
  it('rations by priority within the width, in proportion to requests (corpus)', () => {
    const times = [2, 4, 6, 10, 14, 20]
    const one = [
      [0, 2, 0],
      [0, 3.33333, 0.666667],
      [0.526316, 4.31579, 1.15789],
      [2.63158, 5.57895, 1.78947],
      [5.38462, 6, 2.61538],
      [10, 6, 3],
    ]
    const two = [
      [2, 0, 0, 0, 0],
      [4, 0, 0, 0, 0],
      [5.92593, 0.0740741, 0, 0, 0],
      [8, 0.8, 0, 1.2, 0],
      [8, 1, 1.28571, 3.71429, 0],
      [8, 1, 3, 4, 0],
    ]
    times.forEach((t, row) => {
      nearVensim(byPriority([10, 6, 3], [2, 4, 3], 3, t), one[row]!, 0.1)
      nearVensim(byPriority([8, 1, 3, 4, 0], [5, 3, 0, 1.5, 4], 3, t), two[row]!, 0.1)
    })
  })

  it('one width per row, negative priorities and all filled (corpus allocation2D at time 6)', () => {
    nearVensim(byPriority([6, 3, 3, 3, 1], [1, 10, 2, 1, 0], 2, 6), [0.75, 3, 1.875, 0.375, 0], 0.1)
    expect(byPriority([8, 1, 3, 4, 0], [5, 3, 0, 1.5, 4], 3, 16)).toEqual([8, 1, 3, 4, 0])
    nearVensim(byPriority([0.6, 0, 3, 3, 1], [7, -2, 3, 4, 0.5], 3, 4), [0.6, 0, 1.2, 2.2, 0], 0.1)
  })

  it('gives the higher priority everything it asks first when priorities are a width apart', () => {
    expect(byPriority([10, 10], [1, 5], 3, 12)).toEqual([2, 10])
    const tied = byPriority([10, 30], [2, 2], 1, 20)
    expect(tied[0]).toBeCloseTo(5, 12)
    expect(tied[1]).toBeCloseTo(15, 12)
  })

  it('is NaN for a width not above 0, a size that is not the count, or NaN priorities', () => {
    expect(byPriority([10, 10], [1, 5], 0, 12)).toEqual([NaN, NaN])
    expect(byPriority([10, 10], [1, NaN], 1, 12)).toEqual([NaN, NaN])
    expect(allocateByPriority(1, 3, 1, 12, ...arr([10, 10]), ...arr([1, 5]))).toBeNaN()
    expect(allocateByPriority(1, 2, 1, 12, ...arr([10, 10]), ...arr([1, 5, 3]))).toBeNaN()
  })
})
