import type { Macro } from './ast.js'
import type { ExprParser } from './parse-expr.js'
import type { TokenStream } from './stream.js'

/** A macro's header after `:MACRO:`: `NAME(in1, in2 : out1, out2)`. */
export type MacroHeader = Pick<Macro, 'name' | 'inputs' | 'outputs' | 'pos'>

export function macroHeader(s: TokenStream, names: ExprParser): MacroHeader {
  const first = s.peek()
  const name = names.name('the name of the macro')
  const open = s.expect('(', `to list the inputs of macro "${name}"`)
  const inputs: string[] = []
  const outputs: string[] = []
  if (!s.isOp(s.peek(), ')') && !s.isOp(s.peek(), ':')) {
    do inputs.push(names.name(`an input of macro "${name}"`))
    while (s.eat(','))
  }
  if (s.eat(':')) {
    do outputs.push(names.name(`an output of macro "${name}"`))
    while (s.eat(','))
  }
  s.expect(')', `to close the inputs of macro "${name}" opened at ${s.where(open.start)}`)
  return { name, inputs, outputs, pos: s.pos(first.start) }
}
