import type { Model } from '@stockflow/model'
import { runRange } from './document-rows.ts'
import type { DocumentRow, RowWarning } from './document-rows.ts'
import { formatNumber } from './number-format.ts'
import { sparkline, sparklineSvg } from './sparkline.ts'

/** The CSV's columns, in order. */
export const CSV_COLUMNS = [
  'name',
  'id',
  'kind',
  'dimensions',
  'equation',
  'units',
  'doc',
  'min',
  'max',
  'causes',
  'uses',
  'run_min',
  'run_max',
  'final',
  'warnings',
] as const

/**
 * The document as CSV (RFC 4180: comma separated, CRLF line ends, fields quoted when they hold a comma,
 * quote or line break), one row per variable. Numbers are written plainly (no separators) for
 * spreadsheets; a text field a spreadsheet would take for a formula (`=`, `+`, `@`, `-` not starting a
 * number) is prefixed with `'`, since the model may be someone else's.
 */
export function toCSV(rows: readonly DocumentRow[]): string {
  const lines = [CSV_COLUMNS.join(',')]
  for (const row of rows) {
    const range = runRange(row)
    const last = row.series.length === 1 ? row.series[0]![row.series[0]!.length - 1] : undefined
    const cells: Record<(typeof CSV_COLUMNS)[number], string> = {
      name: text(row.name),
      id: text(row.id),
      kind: row.kind,
      dimensions: text(row.dimensions.join(' × ')),
      equation: text(row.equation),
      units: text(row.units),
      doc: text(row.doc),
      min: num(row.min),
      max: num(row.max),
      causes: text(row.causes.map((r) => r.name).join('; ')),
      uses: text(row.uses.map((r) => r.name).join('; ')),
      run_min: num(range.min),
      run_max: num(range.max),
      final: num(last),
      warnings: text(row.warnings.map(warningText).join('\n')),
    }
    lines.push(CSV_COLUMNS.map((c) => quote(cells[c])).join(','))
  }
  return lines.join('\r\n') + '\r\n'
}

/** A warning as one line: `[units] message`. */
export function warningText(w: RowWarning): string {
  return `[${w.code}] ${w.message}`
}

function num(x: number | undefined): string {
  return x === undefined || Number.isNaN(x) ? '' : String(x)
}

/** A text cell, kept from being read as a formula. */
function text(value: string): string {
  return /^[=+@\t\r]/.test(value) || (/^-/.test(value) && !/^-\d+(\.\d+)?(e[-+]?\d+)?$/i.test(value))
    ? `'${value}`
    : value
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell
}

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/**
 * The document as a standalone HTML page: the model's name, doc and clock, then one table row per
 * variable with its sparkline drawn inline. Every string from the model is escaped, and the page has
 * no script and forbids any (Content-Security-Policy), so a model with markup in its names runs nothing.
 */
export function toHTML(rows: readonly DocumentRow[], model: Model, modelWide: readonly RowWarning[] = []): string {
  const e = escapeHtml
  const time = model.time
  const clock = time
    ? `Time ${formatNumber(time.start)} to ${formatNumber(time.stop)}${time.units ? ` ${e(time.units)}` : ''}, dt ${formatNumber(time.dt)}${time.method ? `, ${e(time.method)}` : ''}`
    : ''
  const body = rows.map((row) => htmlRow(row)).join('\n')
  const warned = rows.filter((r) => r.warnings.length > 0).length
  const notes = modelWide.map((w) => `<li>${e(warningText(w))}</li>`).join('')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="stockflow viewer">
<title>${e(model.name)} · model document</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${e(model.name)}</h1>
${model.doc ? `<p class="doc">${e(model.doc)}</p>` : ''}
<p class="meta">${rows.length} variables${warned ? `, ${warned} with warnings` : ''}${clock ? ` · ${clock}` : ''}</p>
${notes ? `<ul class="model-warnings">${notes}</ul>` : ''}
<table>
<thead><tr><th>Name</th><th>Equation</th><th>Units</th><th>Doc</th><th>Range</th><th>Causes</th><th>Uses</th><th>Run</th><th>Warnings</th></tr></thead>
<tbody>
${body}
</tbody>
</table>
</body>
</html>
`
}

function htmlRow(row: DocumentRow): string {
  const e = escapeHtml
  const dims = row.dimensions.length ? ` <span class="dims">[${e(row.dimensions.join(', '))}]</span>` : ''
  const refs = (list: DocumentRow['causes']) =>
    list.map((r) => `<a href="#${e(anchor(r.id))}">${e(r.name)}</a>`).join(', ')
  const range = runRange(row)
  const spark = row.series.length ? sparklineSvg(sparkline(row.series)) : ''
  const reached = Number.isNaN(range.min) ? '' : `${formatNumber(range.min)} … ${formatNumber(range.max)}`
  const warnings = row.warnings.map((w) => `<li class="${w.source}">${e(warningText(w))}</li>`).join('')
  return `<tr id="${e(anchor(row.id))}" class="${e(row.kind)}"><th scope="row">${e(row.name)}${dims}<span class="kind">${e(row.kind)}</span></th><td><code>${e(row.equation)}</code></td><td>${e(row.units)}</td><td>${e(row.doc)}</td><td>${declared(row)}</td><td>${refs(row.causes)}</td><td>${refs(row.uses)}</td><td class="run">${spark}<span>${e(reached)}</span></td><td>${warnings ? `<ul>${warnings}</ul>` : ''}</td></tr>`
}

/** The declared range, `0 … 1`, or with one end open. */
export function declared(row: DocumentRow): string {
  if (row.min === undefined && row.max === undefined) return ''
  return `${row.min === undefined ? '' : formatNumber(row.min)} … ${row.max === undefined ? '' : formatNumber(row.max)}`
}

/** A fragment id for a variable's row: its id with anything but letters, digits, `_`, `-` made `_`. */
function anchor(id: string): string {
  return `v-${id.replace(/[^\p{L}\p{N}_-]/gu, (c) => `_${c.codePointAt(0)!.toString(16)}_`)}`
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1d2330; }
h1 { font-size: 1.4rem; margin: 0 0 0.3rem; }
.doc { max-width: 60rem; color: #333; }
.meta { color: #667; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #dde; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
thead th { position: sticky; top: 0; background: #f3f5f9; }
tbody th { font-weight: 600; white-space: nowrap; }
.kind { display: block; font-weight: normal; font-size: 0.75rem; color: #667; }
.dims { font-weight: normal; color: #667; }
code { white-space: pre-wrap; word-break: break-word; font-size: 0.85rem; }
td.run { white-space: nowrap; color: #2b5fad; }
td.run span { display: block; color: #667; font-size: 0.75rem; }
td ul, .model-warnings { margin: 0; padding-left: 1rem; color: #a05a00; font-size: 0.85rem; }
tr:target { background: #fff6d6; }
`
