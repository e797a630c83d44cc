/**
 * The syntax tree of a Vensim `.mdl` file, as written: names keep the modeler's spelling (runs of white
 * space read as one space; a quoted name without its quotes, `\"` read as `"`), nothing is resolved.
 * Every node has the position where it starts, so any later step (translation, validation) can name the
 * line and column of a problem.
 */

/** Where a node starts in the file: 1-based line and column, and the 0-based character offset. */
export interface Pos {
  readonly line: number
  readonly column: number
  readonly offset: number
}

/** A subscript as written inside `[...]`: an element, a dimension, or a dimension with Vensim's bang (`Region!`). */
export interface Subscript {
  readonly name: string
  readonly bang: boolean
  readonly pos: Pos
}

/** A lookup's points, with the optional `[(xmin,ymin)-(xmax,ymax)]` range Vensim keeps for its editor. */
export interface LookupTable {
  readonly range?: { readonly xmin: number; readonly ymin: number; readonly xmax: number; readonly ymax: number }
  readonly x: readonly number[]
  readonly y: readonly number[]
  readonly pos: Pos
}

/** Binary operators, Vensim's `:AND:`/`:OR:` as `and`/`or`, `=` as equality inside expressions. */
export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '=' | '<>' | '<' | '<=' | '>' | '>=' | 'and' | 'or'

/** An expression of an equation's right-hand side. */
export type Expr =
  | { readonly t: 'num'; readonly value: number; readonly pos: Pos }
  /** A string in single quotes (`'inputs.xlsx'`): the arguments of `GET DIRECT DATA` and its kin. */
  | { readonly t: 'str'; readonly value: string; readonly pos: Pos }
  /** `:NA:`, Vensim's missing value (-1e38). */
  | { readonly t: 'na'; readonly pos: Pos }
  /** A variable (or, inside a call's arguments, a lookup or a keyword-like name such as `TIME`). */
  | { readonly t: 'ref'; readonly name: string; readonly subscripts: readonly Subscript[]; readonly pos: Pos }
  /**
   * A call: a builtin, a lookup used as a function, or a macro. `outputs` holds the names after `:` in a
   * call of a macro with several outputs (`SSTATS(a, b : out1, out2)`). `subscripts` are those of a
   * subscripted lookup called as a function (`table[Region](x)`).
   */
  | {
      readonly t: 'call'
      readonly fn: string
      readonly args: readonly Expr[]
      readonly outputs?: readonly string[]
      readonly subscripts?: readonly Subscript[]
      readonly pos: Pos
    }
  | { readonly t: 'unary'; readonly op: '-' | '+' | 'not'; readonly arg: Expr; readonly pos: Pos }
  | { readonly t: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly pos: Pos }
  /** Parentheses as written, kept so a printed equation reads like its source. */
  | { readonly t: 'paren'; readonly arg: Expr; readonly pos: Pos }
  /** A lookup table written inline: the second argument of `WITH LOOKUP`, or a call argument. */
  | { readonly t: 'table'; readonly table: LookupTable; readonly pos: Pos }
  /** A list of numbers (`1, 2, 3; 4, 5, 6;`), for arrayed constants: rows split at `;`. */
  | { readonly t: 'numbers'; readonly rows: readonly (readonly number[])[]; readonly pos: Pos }
  /** `TABBED ARRAY(...)`: rows of numbers separated by tabs and line breaks. */
  | { readonly t: 'tabbed'; readonly rows: readonly (readonly number[])[]; readonly pos: Pos }

/** The left-hand side: the variable, its subscripts and any `:EXCEPT:` lists. */
export interface Lhs {
  readonly name: string
  readonly subscripts: readonly Subscript[]
  readonly except: readonly (readonly Subscript[])[]
  readonly pos: Pos
}

/** How a data variable reads between its points (a keyword after the left-hand side). */
export type Interpolation = 'interpolate' | 'hold-backward' | 'look-forward' | 'raw'

/** What follows the units: `[min, max, step]`, `?` (and `inf`, `-inf`, `nan` that other tools write) read as absent. */
export interface UnitRange {
  readonly min?: number
  readonly max?: number
  readonly step?: number
}

/** The documentation of a definition: its units (with the range) and its comment. */
export interface Doc {
  readonly units?: string
  readonly range?: UnitRange
  readonly comment?: string
  /** `~ :SUPPLEMENTARY`: Vensim leaves the variable out of loop analysis and some checks. */
  readonly supplementary?: boolean
}

/** One equation: `lhs = expr`, `lhs := expr` (data), `lhs == expr` (unchangeable), a lookup, or a bare data name. */
export interface Equation {
  readonly t: 'equation'
  readonly lhs: Lhs
  /** `=`, `:=`, `==`; `lookup` for `name( table )`; `data` for a name alone (filled from data files). */
  readonly kind: 'equals' | 'data-equals' | 'unchangeable' | 'lookup' | 'data'
  readonly interpolation?: Interpolation
  /** The right-hand side; for a lookup read from a file (`name( GET XLS LOOKUPS(...) )`), that call. */
  readonly expr?: Expr
  /** A lookup's table, for `lookup` definitions written as numbers. */
  readonly table?: LookupTable
  readonly doc: Doc
  /** The group (`.Control`, `****** .Sector ******`) the definition sits in, if any. */
  readonly group?: string
  readonly pos: Pos
}

/** One element of a subscript range: a name, or a numbered run `(a1-a5)`. */
export type RangeElement =
  | { readonly t: 'name'; readonly name: string; readonly pos: Pos }
  | { readonly t: 'run'; readonly prefix: string; readonly from: number; readonly to: number; readonly pos: Pos }

/** `Region: north, south -> Other` (a range), or `Alias <-> Region` (an equivalence). */
export interface SubscriptRange {
  readonly t: 'subscript-range'
  readonly name: string
  readonly elements: readonly RangeElement[]
  /** `-> Target` or `-> (Target: a, b)`: the ranges this one maps onto. */
  readonly mappings: readonly { readonly target: string; readonly elements?: readonly string[]; readonly pos: Pos }[]
  /** For `A <-> B`: the range this one aliases. */
  readonly alias?: string
  /** `GET DIRECT SUBSCRIPT(...)`, kept as a call for the data step. */
  readonly fromData?: Expr
  readonly doc: Doc
  /** The group the definition sits in, if any. */
  readonly group?: string
  readonly pos: Pos
}

/**
 * A reality check (`name :THE CONDITION: cond :IMPLIES: consequence`, `name :TEST INPUT: expr`): kept
 * apart from the definitions, since a run never computes it.
 */
export interface RealityCheck {
  readonly t: 'reality-check'
  readonly lhs: Lhs
  readonly kind: 'condition' | 'test-input'
  /** The condition, or the test input's equation. */
  readonly expr?: Expr
  /** For a condition: what must hold while it does. */
  readonly implies?: Expr
  readonly doc: Doc
  readonly group?: string
  readonly pos: Pos
}

/** A definition of the equations section. */
export type Definition = Equation | SubscriptRange

/** `:MACRO: NAME(in1, in2 : out1) ... :END OF MACRO:`: its own definitions, inputs and outputs. */
export interface Macro {
  readonly name: string
  readonly inputs: readonly string[]
  /** Outputs besides the one named like the macro. */
  readonly outputs: readonly string[]
  readonly definitions: readonly Definition[]
  readonly pos: Pos
}

/** One problem of a file; a file's problems are all reported, in file order. */
export interface MdlProblem {
  readonly pos: Pos
  /** The variable being defined, when the problem is inside a definition. */
  readonly variable?: string
  readonly message: string
}

/** A whole `.mdl` file: definitions in file order, macros, and the raw sketch and settings sections. */
export interface MdlFile {
  readonly definitions: readonly Definition[]
  readonly macros: readonly Macro[]
  /**
   * The sketch as written: from the first `\\\---/// Sketch information` line (each view starts with one)
   * up to the settings marker `///---\\\`, with the line it starts on.
   */
  readonly sketch?: { readonly text: string; readonly line: number }
  /** The text after `///---\\\` (Vensim's settings, `:L<%^E!@` lines), with the line it starts on. */
  readonly settings?: { readonly text: string; readonly line: number }
  /** The file name given to `parseMdl`, for messages (`formatProblem(file, problem)`). */
  readonly file?: string
  /** Reality checks, apart from the definitions; absent when the file has none. */
  readonly realityChecks?: readonly RealityCheck[]
  readonly problems: readonly MdlProblem[]
}
