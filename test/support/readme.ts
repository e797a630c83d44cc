/**
 * README examples as tests: the code a README shows is read from the README itself and run, so what a
 * reader copies keeps working. One helper for every package's readme test.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

/** A fenced code block of a markdown text: its language (` ```ts ` -> `ts`) and its code. */
export interface CodeBlock {
  readonly lang: string
  readonly code: string
  /** The markdown's line (1-based) holding the code's first line, to point an error at the text. */
  readonly line: number
}

/** The fenced code blocks of a markdown text, in order. */
export function codeBlocks(markdown: string): CodeBlock[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1]!,
    code: m[2]!,
    line: markdown.slice(0, m.index).split('\n').length + 1,
  }))
}

/** The README's first ` ```ts ` block, or an error naming the file. */
export function firstTypeScriptBlock(readme: string): string {
  const block = codeBlocks(readFileSync(readme, 'utf8')).find((b) => b.lang === 'ts')
  if (!block) throw new Error(`${readme} has no \`\`\`ts block`)
  return block.code
}

// Scratch modules go to an ignored folder inside the repository, where `@stockflow/*` resolve.
const SCRATCH = join(__dirname, '../.scratch')
let made = 0

/**
 * A code block as a module: relative imports resolved from `folder` (where the markdown is, as for a
 * reader) and the top-level bindings named in `names` exported.
 */
function moduleText(code: string, names: readonly string[], folder: string): string {
  const resolved = code.replace(
    /(from\s+')(\.\.?\/[^']*)'/g,
    (_, from: string, path: string) => `${from}${resolve(folder, path)}'`,
  )
  return `${resolved}\nexport { ${names.join(', ')} }\n`
}

/** Writes a scratch module and returns its path. */
function writeScratch(text: string, label: string): string {
  mkdirSync(SCRATCH, { recursive: true })
  const file = join(SCRATCH, `${label}-${process.pid}-${++made}.generated.ts`)
  writeFileSync(file, text)
  return file
}

/**
 * Runs the README's first ` ```ts ` block as a module and returns the top-level bindings named in
 * `names`. Relative imports in the example resolve from the README's folder, as for a reader.
 */
export async function runTypeScriptExample<T>(readme: string, names: readonly string[]): Promise<T> {
  return runTypeScriptBlock<T>(firstTypeScriptBlock(readme), names, dirname(readme))
}

/**
 * Runs one ` ```ts ` block of a markdown file in `folder` as a module and returns its exports: the
 * top-level bindings named in `names` and whatever the block exports itself.
 */
export async function runTypeScriptBlock<T>(code: string, names: readonly string[], folder: string): Promise<T> {
  const file = writeScratch(moduleText(code, names, folder), 'readme')
  try {
    return (await import(file)) as T
  } finally {
    rmSync(file, { force: true })
  }
}

/** A ` ```ts ` block to type-check, with the bindings its module exports (as for `runTypeScriptBlock`). */
export interface BlockToCheck {
  readonly code: string
  readonly names: readonly string[]
}

/**
 * Type-checks ` ```ts ` blocks of a markdown file in `folder` under the repository's tsconfig, in one
 * program: for each block, its errors as `line:column: message`, lines counted in the block.
 */
export async function typeErrorsOfBlocks(blocks: readonly BlockToCheck[], folder: string): Promise<string[][]> {
  // Loaded here, not at the top: the README tests that only run examples need no compiler.
  const { default: ts } = await import('typescript')
  const root = join(__dirname, '../..')
  const files = blocks.map((b) => writeScratch(moduleText(b.code, b.names, folder), 'typecheck'))
  try {
    const config = ts.readConfigFile(join(root, 'tsconfig.json'), (f) => ts.sys.readFile(f))
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root)
    const program = ts.createProgram(files, { ...parsed.options, noEmit: true })
    // Only the blocks' own files are checked (the packages they import are the typecheck's job): much quicker.
    const errors = files.map((file) => {
      const source = program.getSourceFile(file)!
      return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => {
        const { line, character } = source.getLineAndCharacterOfPosition(d.start ?? 0)
        return `${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
      })
    })
    // A broken setting fails every block rather than none.
    for (const d of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()])
      errors.forEach((list) => list.push(`tsconfig: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`))
    return errors
  } finally {
    for (const f of files) rmSync(f, { force: true })
  }
}

/** A command-line example: the `stockflow` (or `pnpm stockflow`) command lines of a ` ```sh ` block and what they print. */
export interface CliExample {
  /** Each command's arguments after `stockflow`, split as a shell would. */
  readonly commands: readonly (readonly string[])[]
  /** The ` ```text ` block that comes next: what the commands print, together. */
  readonly output: string
}

/** Every ` ```sh ` block whose next block is a ` ```text ` block (its output), with its commands. */
export function cliExamples(markdown: string): CliExample[] {
  const blocks = codeBlocks(markdown)
  return blocks.flatMap((block, i) => {
    const next = blocks[i + 1]
    if (block.lang !== 'sh' || next?.lang !== 'text') return []
    const commands = block.code
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const words = shellWords(line)
        // `stockflow ...` (the installed command) and `pnpm stockflow ...` (the checkout's script) alike.
        const skip = words[0] === 'pnpm' ? 1 : 0
        if (words[skip] !== 'stockflow') throw new Error(`not a stockflow command: ${line}`)
        return words.slice(skip + 1)
      })
    return [{ commands, output: next.code }]
  })
}

/** A command line split into words as a POSIX shell would for plain words and quotes; `#` starts a comment. */
export function shellWords(line: string): string[] {
  const words: string[] = []
  let word: string | undefined
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (c === '"' || c === "'") {
      const end = line.indexOf(c, i + 1)
      if (end < 0) throw new Error(`unclosed ${c} in: ${line}`)
      word = (word ?? '') + line.slice(i + 1, end)
      i = end
    } else if (c === ' ' || c === '\t') {
      if (word !== undefined) words.push(word)
      word = undefined
    } else if (c === '#' && word === undefined) {
      break
    } else {
      word = (word ?? '') + c
    }
  }
  if (word !== undefined) words.push(word)
  return words
}
