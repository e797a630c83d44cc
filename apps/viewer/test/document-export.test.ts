import { describe, expect, it } from 'vitest'
import { dependencyGraph, lint } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import involution from '../../../seeds/involution/model.ts'
import teacup from '../../../seeds/teacup/model.ts'
import { CSV_COLUMNS, escapeHtml, toCSV, toHTML } from '../src/document-export.ts'
import { documentRows } from '../src/document-rows.ts'
import { HOSTILE_NAMES, hostileModel } from './hostile-model.ts'

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = []
  let field = ''
  let record: string[] = []
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"'
      i++
    } else if (c === '"') {
      quoted = !quoted
    } else if (!quoted && c === ',') {
      record.push(field)
      field = ''
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      record.push(field)
      records.push(record)
      record = []
      field = ''
      i++
    } else {
      field += c
    }
  }
  return records
}

const rowsOf = (model: typeof teacup) => {
  const run = simulate(compile(model))
  return documentRows(model, dependencyGraph(model), run, { units: [], lint: lint(model, run) })
}

describe('the model document as CSV', () => {
  it('has a header and one record per variable: 227 for the involution model', () => {
    const records = parseCsv(toCSV(rowsOf(involution)))
    expect(records[0]).toEqual([...CSV_COLUMNS])
    expect(records).toHaveLength(228)
    for (const r of records) expect(r).toHaveLength(CSV_COLUMNS.length)
    const price = records.find((r) => r[0] === 'Price')!
    const at = (c: (typeof CSV_COLUMNS)[number]) => price[CSV_COLUMNS.indexOf(c)]!
    expect(at('kind')).toBe(involution.elements.find((e) => e.name === 'Price')!.kind)
    expect(Number(at('run_max'))).toBeGreaterThanOrEqual(Number(at('final')))
    expect(at('causes')).not.toBe('')
  })

  it('quotes commas, quotes and line breaks, and keeps text from reading as a formula', () => {
    const records = parseCsv(toCSV(rowsOf(hostileModel)))
    const rate = records.find((r) => r[0] === HOSTILE_NAMES[1])!
    expect(rate[CSV_COLUMNS.indexOf('doc')]).toBe(`'=HYPERLINK("http://x")`)
    const stock = records.find((r) => r[0] === HOSTILE_NAMES[0])!
    expect(stock[CSV_COLUMNS.indexOf('equation')]).toBe(`INTEG(-"${HOSTILE_NAMES[2]}", 100)`)
    expect(stock[CSV_COLUMNS.indexOf('min')]).toBe('')
  })
})

describe('the model document as HTML', () => {
  it('escapes every string from the model and carries no script', () => {
    const html = toHTML(rowsOf(hostileModel), hostileModel)
    expect(html).not.toMatch(/<script|<img|<iframe|<style>\*|<svg onload|<a href="javascript/i)
    // Markup from the model is text: no tag of the page has an event handler.
    for (const [tag] of html.matchAll(/<[a-z][^>]*>/gi)) expect(tag).not.toMatch(/\son\w+\s*=/i)
    expect(html).toContain(escapeHtml(HOSTILE_NAMES[0]))
    expect(html).toContain('Content-Security-Policy" content="default-src \'none\'')
    // The only tags are the page's own.
    const own = ['a', 'body', 'code', 'h1', 'head', 'html', 'li', 'meta', 'p', 'path', 'span', 'style', 'svg']
    own.push('table', 'tbody', 'td', 'th', 'thead', 'title', 'tr', 'ul')
    const tags = new Set([...html.matchAll(/<([a-z][a-z0-9]*)/gi)].map((m) => m[1]!.toLowerCase()))
    for (const tag of tags) expect(own).toContain(tag)
    expect(tags.has('script')).toBe(false)
  })

  it('lists every variable with its sparkline', () => {
    const html = toHTML(rowsOf(involution), involution)
    expect(html.match(/<tr id=/g)).toHaveLength(227)
    expect(html.match(/<svg /g)!.length).toBeGreaterThan(100)
  })

  it('escapes the five characters of markup', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;',
    )
  })
})
