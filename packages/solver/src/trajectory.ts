/** The outcome of one assertion of a behaviour check. */
export interface Verdict {
  readonly pass: boolean
  readonly detail: string
}

const fmt = (x: number): string => {
  if (!Number.isFinite(x)) return String(x)
  const a = Math.abs(x)
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? x.toExponential(3) : String(Number(x.toPrecision(4)))
}

const verdict = (pass: boolean, detail: string): Verdict => ({ pass, detail })

/** One number from a run (a value at a time, a minimum, a ratio), with a label saying where it came from. */
export class Point {
  constructor(
    readonly value: number,
    readonly label: string,
  ) {}

  private static of(x: number | Point): Point {
    return typeof x === 'number' ? new Point(x, fmt(x)) : x
  }

  private compare(op: string, other: number | Point, pass: (a: number, b: number) => boolean): Verdict {
    const o = Point.of(other)
    const rhs = typeof other === 'number' ? fmt(o.value) : `${o.label} = ${fmt(o.value)}`
    return verdict(pass(this.value, o.value), `${this.label} = ${fmt(this.value)} ${op} ${rhs}`)
  }

  isAtLeast(x: number | Point): Verdict {
    return this.compare('>=', x, (a, b) => a >= b)
  }
  isAtMost(x: number | Point): Verdict {
    return this.compare('<=', x, (a, b) => a <= b)
  }
  isAbove(x: number | Point): Verdict {
    return this.compare('>', x, (a, b) => a > b)
  }
  isBelow(x: number | Point): Verdict {
    return this.compare('<', x, (a, b) => a < b)
  }
  isBetween(lo: number, hi: number): Verdict {
    return verdict(
      this.value >= lo && this.value <= hi,
      `${this.label} = ${fmt(this.value)} in [${fmt(lo)}, ${fmt(hi)}]`,
    )
  }
  /** Within `relative` of `x` (default 5%). */
  isNear(x: number | Point, relative = 0.05): Verdict {
    const o = Point.of(x)
    return this.compare(`≈ (±${relative * 100}%)`, x, (a) => Math.abs(a - o.value) <= relative * Math.abs(o.value))
  }

  /** This value divided by another: `price(2024).ratioTo(price(2010))`. */
  ratioTo(other: number | Point): Point {
    const o = Point.of(other)
    return new Point(this.value / o.value, `${this.label} / ${o.label}`)
  }
  minus(other: number | Point): Point {
    const o = Point.of(other)
    return new Point(this.value - o.value, `${this.label} - ${o.label}`)
  }
}

/** A variable (or expression) over a time window of one run, with predicates that explain themselves. */
export class Trajectory {
  constructor(
    readonly label: string,
    readonly times: Float64Array,
    readonly values: Float64Array,
    private readonly window: string = '',
  ) {}

  private get where(): string {
    return this.window ? `${this.label}, ${this.window}` : this.label
  }

  /** Only the save times in [from, to]. */
  during(from: number, to: number): Trajectory {
    const keep: number[] = []
    this.times.forEach((t, i) => {
      if (t >= from - 1e-9 && t <= to + 1e-9) keep.push(i)
    })
    if (keep.length === 0) throw new Error(`${this.label}: no save point between ${from} and ${to}`)
    return new Trajectory(
      this.label,
      Float64Array.from(keep, (i) => this.times[i]!),
      Float64Array.from(keep, (i) => this.values[i]!),
      from === to ? `${fmt(from)}` : `${fmt(from)}–${fmt(to)}`,
    )
  }

  from(t: number): Trajectory {
    return this.during(t, this.times[this.times.length - 1]!)
  }

  until(t: number): Trajectory {
    return this.during(this.times[0]!, t)
  }

  /** The value at a time, interpolated linearly between save points. */
  at(time: number): Point {
    const t = this.times
    const v = this.values
    let i = 0
    while (i < t.length - 1 && t[i + 1]! < time) i++
    const value =
      i === t.length - 1 || time <= t[0]!
        ? v[Math.min(i, t.length - 1)]!
        : v[i]! + ((v[i + 1]! - v[i]!) * (time - t[i]!)) / (t[i + 1]! - t[i]!)
    return new Point(value, `${this.label} at ${fmt(time)}`)
  }

  private extreme(sign: 1 | -1, name: string): Point {
    let best = 0
    this.values.forEach((x, i) => {
      if (sign * x > sign * this.values[best]!) best = i
    })
    return new Point(this.values[best]!, `${name} ${this.where} (at ${fmt(this.times[best]!)})`)
  }

  min(): Point {
    return this.extreme(-1, 'min of')
  }
  max(): Point {
    return this.extreme(1, 'max of')
  }
  mean(): Point {
    return new Point(this.values.reduce((s, x) => s + x, 0) / this.values.length, `mean of ${this.where}`)
  }
  first(): Point {
    return new Point(this.values[0]!, `${this.label} at ${fmt(this.times[0]!)}`)
  }
  last(): Point {
    return new Point(
      this.values[this.values.length - 1]!,
      `${this.label} at ${fmt(this.times[this.times.length - 1]!)}`,
    )
  }
  /** The first time the value reaches `level` (crossing upward or downward), as a Point of time. */
  timeReaching(level: number): Point {
    const v = this.values
    for (let i = 0; i < v.length; i++) {
      if (i === 0 ? v[0] === level : (v[i - 1]! - level) * (v[i]! - level) <= 0 && v[i - 1] !== v[i]) {
        const t =
          i === 0
            ? this.times[0]!
            : this.times[i - 1]! + ((level - v[i - 1]!) * (this.times[i]! - this.times[i - 1]!)) / (v[i]! - v[i - 1]!)
        return new Point(t, `time ${this.where} reaches ${fmt(level)}`)
      }
    }
    return new Point(NaN, `time ${this.where} reaches ${fmt(level)} (never)`)
  }

  isAtLeast(x: number): Verdict {
    return this.min().isAtLeast(x)
  }
  isAtMost(x: number): Verdict {
    return this.max().isAtMost(x)
  }
  isAbove(x: number): Verdict {
    return this.min().isAbove(x)
  }
  isBelow(x: number): Verdict {
    return this.max().isBelow(x)
  }
  isBetween(lo: number, hi: number): Verdict {
    const lowest = this.min()
    const highest = this.max()
    return verdict(
      lowest.value >= lo && highest.value <= hi,
      `${this.where} spans [${fmt(lowest.value)}, ${fmt(highest.value)}] within [${fmt(lo)}, ${fmt(hi)}]`,
    )
  }
  /** Never decreases (by more than `slack`) from one save point to the next. */
  rises(slack = 0): Verdict {
    return this.monotone(1, slack)
  }
  /** Never increases (by more than `slack`) from one save point to the next. */
  falls(slack = 0): Verdict {
    return this.monotone(-1, slack)
  }
  private monotone(sign: 1 | -1, slack: number): Verdict {
    for (let i = 1; i < this.values.length; i++) {
      if (sign * (this.values[i]! - this.values[i - 1]!) < -slack) {
        return verdict(
          false,
          `${this.where} ${sign > 0 ? 'falls' : 'rises'} at ${fmt(this.times[i]!)}: ${fmt(this.values[i - 1]!)} -> ${fmt(this.values[i]!)}`,
        )
      }
    }
    return verdict(
      true,
      `${this.where} ${sign > 0 ? 'rises' : 'falls'} throughout (${fmt(this.values[0]!)} -> ${fmt(this.values[this.values.length - 1]!)})`,
    )
  }
}
