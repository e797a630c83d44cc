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
}

/** The fenced code blocks of a markdown text, in order. */
export function codeBlocks(markdown: string): CodeBlock[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]! }))
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
 * Runs the README's first ` ```ts ` block as a module and returns the top-level bindings named in
 * `names`. Relative imports in the example resolve from the README's folder, as for a reader.
 */
export async function runTypeScriptExample<T>(readme: string, names: readonly string[]): Promise<T> {
  const code = firstTypeScriptBlock(readme).replace(
    /(from\s+')(\.\.?\/[^']*)'/g,
    (_, from: string, path: string) => `${from}${resolve(dirname(readme), path)}'`,
  )
  mkdirSync(SCRATCH, { recursive: true })
  const file = join(SCRATCH, `readme-${process.pid}-${++made}.generated.ts`)
  writeFileSync(file, `${code}\nexport { ${names.join(', ')} }\n`)
  try {
    return (await import(file)) as T
  } finally {
    rmSync(file, { force: true })
  }
}

/** A command-line example: the `pnpm stockflow` command lines of a ` ```sh ` block and what they print. */
export interface CliExample {
  /** Each command's arguments after `pnpm stockflow`, split as a shell would. */
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
        if (words[0] !== 'pnpm' || words[1] !== 'stockflow') throw new Error(`not a stockflow command: ${line}`)
        return words.slice(2)
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
