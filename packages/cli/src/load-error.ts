import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Why a user's module failed to load, on one line, with where in the file when the error tells. */
export interface LoadFailure {
  /** 1-based line and column in the module itself, when known. */
  readonly line?: number
  readonly column?: number
  readonly text: string
}

interface Located {
  file: string
  line: number
  column: number
  text: string
}

/**
 * Reads what an import of `file` threw: a compiler's syntax errors (esbuild through tsx, or a vite
 * transform under vitest) or a runtime error whose stack passes through the file (tsx maps those
 * positions back to the .ts source). Columns come out 1-based, as editors count them.
 */
export function loadFailure(err: unknown, file: string): LoadFailure {
  const message = err instanceof Error ? err.message : String(err)
  const errors = syntaxErrors(err, message)
  if (errors.length) {
    const [first] = errors as [Located, ...Located[]]
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''
    if (samePath(first.file, file)) return { line: first.line, column: first.column, text: first.text + more }
    return { text: `${shownPath(first.file)}:${first.line}:${first.column}: ${first.text}${more}` }
  }
  const frame =
    err instanceof Error && err.stack ? (frameIn(err.stack, file) ?? compiledFrameIn(err.stack, file)) : undefined
  const text = stripAnsi(message.split('\n')[0]!) + hint(err) + (frame ? checkHint(err, file) : '')
  return frame ? { ...frame, text } : { text }
}

/** esbuild's `errors[]` (0-based columns), else the same read from the message, else vite's oxc format. */
function syntaxErrors(err: unknown, message: string): Located[] {
  const list = (err as { errors?: unknown }).errors
  if (Array.isArray(list)) {
    const found = list.flatMap((e: { text?: unknown; location?: Record<string, unknown> | null }) => {
      const loc = e?.location
      if (!loc || typeof e.text !== 'string' || typeof loc.file !== 'string') return []
      return [{ file: loc.file, line: Number(loc.line), column: Number(loc.column) + 1, text: e.text }]
    })
    if (found.length) return found
  }
  const plain = stripAnsi(message)
  const esbuild = [...plain.matchAll(/^(.+?):(\d+):(\d+): ERROR: (.+)$/gm)].map((m) => ({
    file: m[1]!,
    line: Number(m[2]),
    column: Number(m[3]) + 1,
    text: m[4]!,
  }))
  if (esbuild.length) return esbuild
  // oxc (vite 8): "[PARSE_ERROR] text" then a frame headed "╭─[ path:line:column ]" (1-based).
  return [...plain.matchAll(/^\[[A-Z_]+\] (.+)\n\s*╭─\[ (.+?):(\d+):(\d+) \]/gm)].map((m) => ({
    file: m[2]!,
    line: Number(m[3]),
    column: Number(m[4]),
    text: m[1]!,
  }))
}

/** The first stack frame in `file`: `(/abs/model.ts:7:15)` or `file:///abs/model.ts:7:15`. */
function frameIn(stack: string, file: string): { line: number; column: number } | undefined {
  for (const m of stack.matchAll(/(?:\(|at )((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?$/gm)) {
    if (samePath(m[1]!, file)) return { line: Number(m[2]), column: Number(m[3]) }
  }
  return undefined
}

/**
 * Where in `file` the first frame in its compiled code points, when tsx ran it as CommonJS from a
 * `data:` URL without a source map (a model in a folder that is not an ES module package). The compiled
 * code is in the URL, so the frame's call or name is found there and then looked for in the source.
 */
function compiledFrameIn(stack: string, file: string): { line: number; column: number } | undefined {
  const frames = stack.matchAll(/data:text\/javascript,(\S*?)\?filePath=([^\s:?]+)\S*?:(\d+):(\d+)\)?$/gm)
  try {
    const m = [...frames].find((f) => samePath(decodeURIComponent(f[2]!).replace(/\?.*$/, ''), file))
    if (!m) return undefined
    const compiled = decodeURIComponent(m[1]!).split('\n')[Number(m[3]) - 1]
    if (compiled === undefined) return undefined
    const source = readFileSync(file, 'utf8')
    const at = sourceMatch(source, compiled.slice(0, Number(m[4]) - 1), compiled.slice(Number(m[4]) - 1))
    if (at === undefined) return undefined
    const before = source.slice(0, at).split('\n')
    return { line: before.length, column: before.at(-1)!.length + 1 }
  } catch {
    // A URL or string that does not decode, or a file gone since: no position rather than a wrong one.
    return undefined
  }
}

/**
 * The offset in `source` of what the compiled code shows around a frame: a call (`flow("Recovery", ...`:
 * the callee's name before the position, its arguments after) found by the callee and its first string
 * argument, or a name (a ReferenceError) found where it is the only use of that name. Undefined when unsure.
 */
function sourceMatch(source: string, before: string, after: string): number | undefined {
  const callee = /([A-Za-z_$][\w$]*)\)?$/.exec(before)?.[1]
  const argument = /^\(\s*("(?:[^"\\]|\\.)*")/.exec(after)?.[1]
  if (callee !== undefined && after.startsWith('(')) {
    const text = argument === undefined ? undefined : (JSON.parse(argument) as string)
    const quoted = text === undefined ? '' : `\\s*(['"\`])${escapeRegExp(text)}\\1`
    const calls = [...source.matchAll(new RegExp(`(?<![\\w$])${escapeRegExp(callee)}\\s*\\(${quoted}`, 'g'))]
    return calls.length === 1 ? calls[0]!.index : undefined
  }
  const name = /^[A-Za-z_$][\w$]*/.exec(after)?.[0]
  if (name === undefined) return undefined
  // Only a name used once: another use (a comment, a doc string) could come first and be the wrong place.
  const uses = [...source.matchAll(new RegExp(`(?<![\\w$.])${escapeRegExp(name)}(?![\\w$])`, 'g'))]
  return uses.length === 1 ? uses[0]!.index : undefined
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function samePath(reported: string, file: string): boolean {
  const path = reported.startsWith('file://') ? fileURLToPath(reported) : reported
  return path === file || relative(process.cwd(), file) === path
}

function shownPath(reported: string): string {
  const path = reported.startsWith('file://') ? fileURLToPath(reported) : reported
  const shown = relative(process.cwd(), path)
  return shown && !shown.startsWith('..') ? shown : path
}

/** What to do about the commonest runtime mistake in a model file: a misspelt name. */
function hint(err: unknown): string {
  return err instanceof ReferenceError && / is not defined$/.test(err.message)
    ? '; check the spelling, or declare it'
    : ''
}

/** A mistake in a .ts model's own code is often one the compiler names with its line: point there. */
function checkHint(err: unknown, file: string): string {
  return (err instanceof ReferenceError || err instanceof TypeError) && /\.[mc]?tsx?$/.test(file)
    ? '; `stockflow check` type-checks the model and names each such mistake'
    : ''
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '')
}
