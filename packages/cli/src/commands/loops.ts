import type { Command } from 'commander'
import { formatIssue, isStockflowError } from '@stockflow/model'
import { analyzeLoops, loopDominance } from '@stockflow/loops'
import type { Dominance, Loop, LoopAnalysis } from '@stockflow/loops'
import { cliCommand } from '../command.js'
import type { Io } from '../io.js'
import { loadModel, MODEL_ARGUMENT_HELP } from '../load.js'

/** Flags of `stockflow loops`. */
export interface LoopsFlags {
  readonly json?: boolean
  readonly dominance?: boolean
  readonly through?: string
  readonly elements?: boolean
}

/** The commander definition of `stockflow loops`. */
export function loopsOptions(command: Command): Command {
  return command
    .description('feedback loops: polarity, R/B, named loops matched; --dominance adds Loops That Matter')
    .argument('<model>', MODEL_ARGUMENT_HELP)
    .option('--json', 'JSON: { loops: [{ id, name?, polarity, variables, elementLoops?, revisits?, links }] }')
    .option('--dominance', 'add the dominant loop per interval over a run')
    .option('--through <var>', 'only loops through this variable')
    .option('--elements', 'arrayed models: loops through array elements (Infected[north]), not variables (Infected)')
}

/**
 * `stockflow loops MODEL [--json] [--dominance] [--through VAR] [--elements]`: the model's feedback
 * loops, one line each (`R1 reinforcing (6 links): a -> b -> ... -> a`), the named loops they match,
 * and with `--dominance` the dominant loop per interval of a run (Loops That Matter). An arrayed
 * model's loops run through its variables, each with the number of element loops it stands for;
 * `--elements` lists the element loops instead. Returns the exit code.
 */
export async function loopsCommand(model: string, flags: LoopsFlags, io: Io): Promise<number> {
  let file: string | undefined
  try {
    const loaded = await loadModel(model)
    file = loaded.file
    const analysis = analyzeLoops(loaded.model, flags.elements ? { elements: true } : {})
    const loops = flags.through === undefined ? analysis.loops : analysis.loopsThrough(flags.through)
    const dominance = flags.dominance ? loopDominance(analysis) : undefined
    if (analysis.truncated) {
      io.stderr(
        `stockflow: ${file}: ${analysis.message}; listing a shortest independent loop set, the named loops and the loops that carry weight along the run (${analysis.loops.length})\n`,
      )
    }
    if (analysis.elements?.truncated) {
      io.stderr(
        `stockflow: ${file}: element loops: ${analysis.elements.message}; counts and scores of the variable loops cover the ${analysis.elements.loops.length} listed (--elements lists them)\n`,
      )
    }
    if (flags.json)
      io.stdout(JSON.stringify(toJSON(analysis, loops, dominance, flags.through === undefined), null, 2) + '\n')
    else io.stdout(toText(analysis, loops, dominance, flags.through === undefined))
    return 0
  } catch (err) {
    if (!isStockflowError(err)) throw err
    // Problems found after loading name the model file; loading problems name it already. A model's
    // issues (an arrayed model's included) are one line each, with the file and the place.
    const message =
      file !== undefined && err.issues.length
        ? err.issues.map((i) => formatIssue(i, file)).join('\n')
        : file !== undefined && !err.message.startsWith(file)
          ? `${file}: ${err.message}`
          : err.message
    io.stderr(
      message
        .split('\n')
        .map((line) => `stockflow: ${line.trim()}\n`)
        .join(''),
    )
    return 1
  }
}

/** `stockflow loops`, as main registers it. */
export const loopsCli = cliCommand('loops', loopsOptions, loopsCommand)

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
const percent = (x: number) => `${Math.round(Math.abs(x) * 100)}%`

/** `8 element loops`, or `at least 8` when not every element loop could be listed. */
function elementCount(analysis: LoopAnalysis, n: number): string {
  return `${analysis.elements?.truncated ? 'at least ' : ''}${plural(n, 'element loop')}`
}

const times = (n: number) => (n === 2 ? 'twice' : `${n} times`)

/** `through Pop twice`: the variables a closed walk passes more than once. */
function throughAgain(analysis: LoopAnalysis, l: Loop): string {
  const name = (id: string) => analysis.graph.node(id)?.name ?? id
  return `through ${(l.revisits ?? []).map((v) => `${name(v)} ${times(l.variables.filter((x) => x === v).length)}`).join(', ')}`
}

/** The mixed links of a loop that is not mixed itself (its element loops agree), as `A -> B`. */
function mixedLinks(analysis: LoopAnalysis, l: Loop): string[] {
  if (l.mixed) return []
  const name = (id: string) => analysis.graph.node(id)?.name ?? id
  const links = l.links.filter((k) => k.polarity === 'mixed').map((k) => `${name(k.from)} -> ${name(k.to)}`)
  return [...new Set(links)]
}

/** What the marks on the loop lines mean, one line per kind of mark shown. */
function legend(analysis: LoopAnalysis, loops: readonly Loop[]): string[] {
  const lines: string[] = []
  if (loops.some((l) => mixedLinks(analysis, l).length))
    lines.push(
      'mixed link: its sign changes along the run, or its element links have both signs; the loop takes the polarity its element loops share',
    )
  if (loops.some((l) => l.mixed))
    lines.push(
      analysis.elements
        ? 'mixed: the loop has a link whose sign changes along the run, or element loops of both polarities; shown with the polarity of most of the run, else of most of its element loops'
        : 'mixed: the loop has a link whose sign changes along the run (or that has no effect); shown with the polarity of most of the run',
    )
  const walk = loops.find((l) => l.revisits)
  if (walk) {
    const name = analysis.graph.node(walk.revisits![0]!)?.name ?? ''
    const first = walk.elementLoops?.[0]
    const seen =
      first === undefined ? [] : analysis.elements!.loop(first)!.names.filter((n) => n.startsWith(`${name}[`))
    lines.push(
      `${throughAgain(analysis, walk)}: its element loops pass through more than one element of ${name}${seen.length ? ` (${[...new Set(seen)].join(', ')})` : ''}, so its variables make a closed walk, not a simple loop; each element loop counts in one variable loop`,
    )
  }
  return lines
}

/** One line per loop and what their marks mean; then the named loops that were not found or disagree; then dominance. */
function toText(analysis: LoopAnalysis, loops: readonly Loop[], dominance: Dominance | undefined, summary: boolean) {
  const lines = loops.map((l) => {
    const path = [...l.names, l.names[0]!].join(' -> ')
    const mixed = mixedLinks(analysis, l)
    const notes = [
      ...(l.elementLoops ? [elementCount(analysis, l.elementLoops.length)] : []),
      ...(l.revisits ? [throughAgain(analysis, l)] : []),
      ...l.named.map((n) => `named ${n.id} ${n.name}`),
      ...(l.mixed ? [`mixed${l.changes?.length ? `, changes at ${l.changes.join(', ')}` : ''}`] : []),
      ...(mixed.length ? [`mixed link ${mixed.join(', ')}`] : []),
    ]
    return `${l.id} ${l.polarity} (${plural(l.links.length, 'link')}): ${path}${notes.length ? `  [${notes.join('; ')}]` : ''}`
  })
  lines.push(...legend(analysis, loops))
  if (summary && analysis.named.length) {
    const matched = analysis.named.filter((n) => n.loop !== undefined)
    const disagree = matched.filter((n) => n.polarityAgrees === false)
    lines.push(
      `named loops: ${matched.length} of ${analysis.named.length} found${disagree.length ? `, ${disagree.length} with the other polarity` : ''}`,
    )
    for (const n of analysis.named) {
      const label = `  ${n.named.id} ${n.named.name}`
      if (n.unknown.length) lines.push(`${label}: the model has no ${n.unknown.map((u) => `"${u}"`).join(', ')}`)
      else if (n.loop === undefined) lines.push(`${label}: no loop through ${n.named.variables.join(' -> ')}`)
      else if (!n.polarityAgrees)
        lines.push(`${label}: found ${analysis.loop(n.loop)!.polarity} (${n.loop}), named ${n.named.polarity}`)
    }
  }
  if (dominance) {
    const partitions = new Set(dominance.intervals.map((i) => i.partition)).size
    lines.push('dominant loops (Loops That Matter, mean relative loop score):')
    for (const i of dominance.intervals) {
      const where = partitions > 1 ? `partition ${i.partition}: ` : ''
      const when = i.start === i.end ? `${i.start}` : `${i.start} to ${i.end}`
      lines.push(`  ${where}${when}: ${i.loop} ${i.polarity} ${percent(i.share)}`)
    }
  }
  return lines.map((l) => l + '\n').join('')
}

/**
 * The loops JSON: `{ loops: [{ id, name?, polarity, variables, elementLoops?, revisits?, links }] }`, plus
 * named loops and dominance; `elementLoops` counts the element loops a variable loop of an arrayed model
 * stands for, `revisits` names the variables a closed walk passes more than once.
 */
function toJSON(analysis: LoopAnalysis, loops: readonly Loop[], dominance: Dominance | undefined, summary: boolean) {
  const name = (id: string) => analysis.graph.node(id)?.name ?? id
  return {
    loops: loops.map((l) => ({
      id: l.id,
      ...(l.named.length ? { name: l.named[0]!.name, named: l.named.map((n) => n.id) } : {}),
      polarity: l.polarity,
      ...(l.mixed ? { mixed: true, changes: l.changes ?? [] } : {}),
      variables: [...l.names],
      ...(l.elementLoops ? { elementLoops: l.elementLoops.length } : {}),
      ...(l.revisits ? { revisits: l.revisits.map(name) } : {}),
      links: l.links.map((k) => ({
        from: name(k.from),
        to: name(k.to),
        polarity: k.polarity,
        ...(k.delayed ? { delayed: true } : {}),
      })),
    })),
    ...(analysis.truncated ? { truncated: true, message: analysis.message } : {}),
    ...(analysis.elements?.truncated
      ? { elements: { truncated: true, message: analysis.elements.message, listed: analysis.elements.loops.length } }
      : {}),
    ...(summary
      ? {
          named: analysis.named.map((n) => ({
            id: n.named.id,
            name: n.named.name,
            polarity: n.named.polarity,
            ...(n.loop !== undefined ? { loop: n.loop, exact: n.exact, polarityAgrees: n.polarityAgrees } : {}),
            ...(n.unknown.length ? { unknown: n.unknown } : {}),
          })),
        }
      : {}),
    ...(dominance
      ? {
          dominance: {
            method: 'loops-that-matter',
            intervals: dominance.intervals.map((i) => ({ ...i })),
          },
        }
      : {}),
  }
}
