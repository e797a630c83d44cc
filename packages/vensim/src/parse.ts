import type { Definition, Macro, MdlFile, MdlProblem, RealityCheck } from './ast.js'
import { afterHeader, decodeMdl } from './decode.js'
import { Lexer } from './lexer.js'
import { macroHeader, type MacroHeader } from './macros.js'
import { DefinitionParser } from './parse-definition.js'
import { ExprParser } from './parse-expr.js'
import { readGroup, sketchAndSettings, sketchStart } from './sections.js'
import { Source } from './source.js'
import { ParseFailure, TokenStream } from './stream.js'

/** A macro being read: its header and the definitions so far. */
interface OpenMacro {
  readonly header: MacroHeader
  readonly definitions: Definition[]
}

/**
 * Reads a Vensim `.mdl` file into its syntax tree, in one pass and in time linear in its size. The
 * input is the file's bytes (UTF-8 with a `{UTF-8}` header, Windows-1252 without) or its text. Every
 * problem of the file is in `problems`, in file order; a definition with a problem is left out and
 * reading resumes after its `|`. Nothing is resolved: names are as written.
 */
export function parseMdl(input: string | Uint8Array, file?: string): MdlFile {
  const text = decodeMdl(input)
  const src = new Source(text)
  const start = afterHeader(text)
  const sketch = sketchStart(text, start)
  const end = sketch < 0 ? text.length : sketch
  const lexer = new Lexer(text, start, end)
  const s = new TokenStream(src, lexer)
  const problems: MdlProblem[] = []
  const definitions: Definition[] = []
  const realityChecks: RealityCheck[] = []
  const macros: Macro[] = []
  const parser = new DefinitionParser(s, problems)
  const names = new ExprParser(s)
  let group: string | undefined
  let macro: OpenMacro | undefined

  for (;;) {
    lexer.skipSpace()
    if (lexer.at >= end) break
    if (text.charCodeAt(lexer.at) === 42) {
      const read = readGroup(text, lexer.at, end)
      if (read.next < 0) {
        problems.push({
          pos: src.pos(lexer.at),
          message: 'a group marker "***" with no closing "|": is the file cut short?',
        })
        break
      }
      group = read.name
      lexer.seek(read.next)
      continue
    }
    const t = lexer.peek()
    if (t.kind === 'op' && t.text === '|') {
      // An empty definition: nothing to read, nothing wrong.
      lexer.next()
      continue
    }
    if (t.kind === 'keyword' && t.text === ':MACRO:') {
      lexer.next()
      if (macro !== undefined) {
        problems.push({ pos: src.pos(t.start), message: `a macro inside macro "${macro.header.name}": end it first` })
        macros.push(closeMacro(macro))
        macro = undefined
      }
      try {
        macro = { header: macroHeader(s, names), definitions: [] }
      } catch (e) {
        if (!(e instanceof ParseFailure)) throw e
        problems.push({ pos: src.pos(e.offset), message: e.message })
        skipMacro(lexer)
      }
      continue
    }
    if (t.kind === 'keyword' && t.text === ':END OF MACRO:') {
      lexer.next()
      if (macro === undefined) problems.push({ pos: src.pos(t.start), message: ':END OF MACRO: without a :MACRO:' })
      else macros.push(closeMacro(macro))
      macro = undefined
      continue
    }
    const definition = parser.parse(group)
    if (definition === undefined) continue
    if (definition.t === 'reality-check') realityChecks.push(definition)
    else (macro?.definitions ?? definitions).push(definition)
  }
  if (macro !== undefined) {
    problems.push({
      pos: macro.header.pos,
      message: `macro "${macro.header.name}" has no :END OF MACRO: - is the file cut short?`,
    })
    macros.push(closeMacro(macro))
  }
  const sections = sketch < 0 ? {} : sketchAndSettings(src, sketch, problems)
  problems.sort((a, b) => a.pos.offset - b.pos.offset)
  return {
    definitions,
    macros,
    ...sections,
    ...(realityChecks.length > 0 ? { realityChecks } : {}),
    ...(file !== undefined ? { file } : {}),
    problems,
  }
}

function closeMacro(open: OpenMacro): Macro {
  return { ...open.header, definitions: open.definitions }
}

/** After a macro header with a problem: skips its body, to its `:END OF MACRO:`. */
function skipMacro(lexer: Lexer): void {
  for (;;) {
    const t = lexer.next()
    if (t.kind === 'eof' || (t.kind === 'keyword' && t.text === ':END OF MACRO:')) return
  }
}
