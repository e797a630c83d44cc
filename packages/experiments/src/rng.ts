import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'

/**
 * A seeded stream of uniform numbers on [0, 1) (xoroshiro128+ from pure-rand, 53 bits per draw).
 * `stream` picks an independent stream for the same seed (run i of an experiment draws from stream i),
 * so what a run draws never depends on which worker ran it or in what order.
 */
export function uniformStream(seed: number, stream = 0): () => number {
  const rng = xoroshiro128plus(mix(seed, stream))
  return () => uniformFloat64(rng)
}

/** An integer in [0, n) from a uniform stream. */
export function randomIndex(uniform: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(uniform() * n))
}

/** Fisher-Yates shuffle of 0..n-1. */
export function permutation(uniform: () => number, n: number): Int32Array {
  const p = new Int32Array(n)
  for (let i = 0; i < n; i++) p[i] = i
  for (let i = n - 1; i > 0; i--) {
    const j = randomIndex(uniform, i + 1)
    const t = p[i]!
    p[i] = p[j]!
    p[j] = t
  }
  return p
}

/**
 * Two 32-bit words into one seed (murmur3's finaliser spreads neighbouring seeds and streams apart).
 * Run i of an experiment seeds the model's random functions with mix(seed, i), so the runs of seed 2
 * are not the runs of seed 1 shifted by one.
 */
export function mix(seed: number, stream: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream | 0, 0x85ebca6b)) >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h | 0
}
