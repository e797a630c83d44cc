/** A seeded uniform generator on [0, 1): sfc32, small and fast, with a well-mixed 32-bit seed. */
export function uniformGenerator(seed: number): () => number {
  let a = 0x9e3779b9
  let b = 0x243f6a88
  let c = 0xb7e15162
  let d = (seed >>> 0) ^ 0xdeadbeef
  const next = (): number => {
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    let t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    t = (t + d) | 0
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  for (let i = 0; i < 15; i++) next() // let the seed spread through the state
  return next
}

/** Standard normal draws from a uniform generator (Box-Muller; two uniforms per draw, no caching). */
export function normalGenerator(uniform: () => number): () => number {
  return () => {
    const u = 1 - uniform() // (0, 1], so the log is finite
    const v = uniform()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }
}
