import { XmileUnsupportedError, at } from './errors.js'
import type { XmlNode } from './xml.js'
import { child } from './xml.js'

/** The kinds of variable a `<model>` may hold that stockflow reads. */
export type VariableKind = 'stock' | 'flow' | 'aux' | 'gf' | 'module'

const KINDS: ReadonlySet<string> = new Set<VariableKind>(['stock', 'flow', 'aux', 'gf', 'module'])

/** One variable of one `<model>`, as written. */
export interface Variable {
  readonly kind: VariableKind
  /** Display name: `\n` escapes and runs of white space read as one space. */
  readonly name: string
  readonly node: XmlNode
}

/** One `<model>` element: its name (empty for the root model) and its variables in file order. */
export interface ModelDefinition {
  readonly name: string
  readonly node: XmlNode
  readonly variables: readonly Variable[]
}

/** A display name as the modeler meant it: XMILE writes line breaks in names as `\n`. */
export function displayName(raw: string): string {
  return raw.replace(/\\n/g, ' ').replace(/\s+/g, ' ').trim()
}

/**
 * Reads the variables of a `<model>` (inside `<variables>`, or directly inside `<model>` in the
 * pre-1.0 Stella format). A variable found inside another one is a missing close tag (two corpus
 * files lack a `</flow>`): it is read as the next variable, with a warning.
 */
export function readModelDefinition(node: XmlNode, file: string, warnings: string[]): ModelDefinition {
  const container = child(node, 'variables') ?? node
  const variables: Variable[] = []
  const visit = (n: XmlNode, parent?: Variable) => {
    if (!KINDS.has(n.tag)) return
    const raw = n.attrs.get('name')
    if (raw === undefined || displayName(raw) === '') {
      warnings.push(`${at(file, n.line)}: a <${n.tag}> without a name is ignored`)
      return
    }
    if (parent) {
      warnings.push(
        `${at(file, n.line)}: <${n.tag} name="${raw}"> is inside <${parent.kind} name="${parent.name}">, which was never closed; read as the next variable`,
      )
    }
    const v: Variable = { kind: n.tag as VariableKind, name: displayName(raw), node: n }
    checkSupported(v, file)
    variables.push(v)
    for (const c of n.children)
      if (KINDS.has(c.tag) && !(v.kind !== 'gf' && c.tag === 'gf' && !c.attrs.has('name'))) visit(c, v)
  }
  for (const n of container.children) visit(n)
  return { name: node.attrs.get('name') ?? '', node, variables }
}

/** Conveyors and queues have no stockflow equivalent: the file is refused with a clear reason. */
function checkSupported(v: Variable, file: string): void {
  const where = `${at(file, v.node.line)}: "${v.name}"`
  if (v.kind === 'stock' && child(v.node, 'conveyor'))
    throw new XmileUnsupportedError(`${where}: unsupported: conveyors`, 'conveyors')
  if (v.kind === 'stock' && child(v.node, 'queue'))
    throw new XmileUnsupportedError(`${where}: unsupported: queues`, 'queues')
}
