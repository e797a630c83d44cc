import { randomBytes, timingSafeEqual } from 'node:crypto'
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync } from 'node:fs'
import type { Stats } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { basename, dirname, extname, join, resolve } from 'node:path'
import { parseLayoutFile } from '@stockflow/diagram'
import { StockflowError } from '@stockflow/model'
import type { LayoutFile } from '@stockflow/diagram'
import { writeWhole } from './output.js'

/** The largest arrangement the viewer may send: far beyond a 1,000-variable model's. */
export const MAX_LAYOUT_BYTES = 1 << 20

/** The header carrying the session's token on a save. */
export const TOKEN_HEADER = 'x-stockflow-token'

/** Where the arrangement of `modelFile` is kept: `<folder>/<stem>.layout.json` (`model.ts` -> `model.layout.json`). */
export function sidecarPath(modelFile: string): string {
  const file = resolve(modelFile)
  const stem = basename(file, extname(file)) || basename(file)
  return join(dirname(file), `${stem}.layout.json`)
}

/**
 * The arrangement file beside a served model, and the viewer's endpoints for it. Its path is fixed when
 * the server starts (no request data ever forms a path); a save needs the viewer's own origin and the
 * session's random token, so a page of another site (or another local server) cannot write it.
 */
export class LayoutSidecar {
  /** The session's secret, handed only to pages of this server's own origin (`GET /session.json`). */
  private readonly token = randomBytes(24).toString('base64url')
  private layout: LayoutFile | undefined
  /** Why the file there cannot be replaced (it is not an arrangement), if so. */
  private foreign: string | undefined
  private writing: Promise<void> = Promise.resolve()

  /** `file`: the sidecar; `modelFile`: the model, never written. Reads what the sidecar holds now. */
  constructor(
    readonly file: string,
    private readonly modelFile: string,
  ) {
    if (resolve(file) === resolve(modelFile)) throw new StockflowError(`${file}: the layout file cannot be the model`)
    const found = readSidecar(file)
    if (typeof found === 'string') this.foreign = found
    else this.layout = found
  }

  /** A line for the user when the file beside the model is something else, which is then never overwritten. */
  get warning(): string | undefined {
    return this.foreign && `${this.file}: ${this.foreign}`
  }

  /** Answers `/session.json` and `/layout.json` (the caller has checked the Host header). */
  handle(req: IncomingMessage, res: ServerResponse, path: '/session.json' | '/layout.json', host: string): void {
    // Browsers say where a request comes from; only this origin's pages (or the address bar) may ask.
    const site = header(req, 'sec-fetch-site')
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return reply(res, 403, 'cross-site request\n')
    const method = req.method ?? 'GET'
    if (path === '/session.json') {
      if (method !== 'GET') return reply(res, 405, 'use GET\n', { allow: 'GET' })
      return json(res, 200, {
        token: this.token,
        layout: this.layout ?? null,
        file: basename(this.file),
        ...(this.foreign ? { problem: this.foreign } : {}),
      })
    }
    if (method === 'GET') return this.layout ? json(res, 200, this.layout) : reply(res, 404, 'no layout saved\n')
    if (method !== 'PUT') return reply(res, 405, 'use GET or PUT\n', { allow: 'GET, PUT' })
    // A save: from this server's own origin only (a missing Origin too is refused), with the token.
    if (header(req, 'origin') !== `http://${host}`) return reply(res, 403, 'forbidden origin\n')
    if (!this.tokenMatches(header(req, TOKEN_HEADER))) return reply(res, 403, 'missing or wrong token\n')
    if (!/^application\/json\s*(;|$)/i.test(header(req, 'content-type') ?? ''))
      return reply(res, 415, 'send application/json\n')
    if (Number(header(req, 'content-length') ?? 0) > MAX_LAYOUT_BYTES) return reply(res, 413, 'too large\n')
    if (this.foreign) return reply(res, 409, `${this.foreign}\n`)
    readBody(req, MAX_LAYOUT_BYTES).then(
      (body) => {
        if (body === undefined) return reply(res, 413, 'too large\n')
        let layout: LayoutFile
        try {
          layout = parseLayoutFile(JSON.parse(body))
        } catch (err) {
          return reply(res, 400, `not a stockflow layout: ${(err as Error).message}\n`)
        }
        this.save(layout).then(
          () => json(res, 200, { saved: basename(this.file) }),
          (err: unknown) =>
            err instanceof ForeignFile
              ? reply(res, 409, `${err.message}\n`)
              : reply(res, 500, `could not save: ${(err as Error).message}\n`),
        )
      },
      () => reply(res, 400, 'the request was cut short\n'),
    )
  }

  /** Writes the arrangement whole (a temporary file renamed over the sidecar), one save after another. */
  private save(layout: LayoutFile): Promise<void> {
    const next = this.writing.then(() => {
      // Something else may have been put there since the start (a link, a pipe, another file): left alone.
      const found = readSidecar(this.file)
      if (typeof found === 'string') {
        this.foreign = found
        throw new ForeignFile(found)
      }
      writeWhole(this.file, formatLayoutFile(layout), [this.modelFile])
      this.layout = layout
    })
    this.writing = next.catch(() => undefined)
    return next
  }

  private tokenMatches(given: string | undefined): boolean {
    if (given === undefined) return false
    const a = Buffer.from(given)
    const b = Buffer.from(this.token)
    return a.length === b.length && timingSafeEqual(a, b)
  }
}

/** A save refused because the sidecar's path now holds something that is not an arrangement. */
class ForeignFile extends Error {}

/**
 * What the sidecar's path holds: undefined when nothing, the arrangement, or (a string) why it is not one and
 * is left alone. Only a regular file is read: a named pipe would block the server, a link may lead anywhere.
 */
function readSidecar(file: string): LayoutFile | undefined | string {
  const leftAlone = '; it is left as it is and arrangements are not saved'
  let stats: Stats
  try {
    stats = lstatSync(file)
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return undefined
    return `${basename(file)} cannot be read (${(err as Error).message})${leftAlone}`
  }
  if (!stats.isFile()) return `${basename(file)} is ${whatIs(stats)}, not a stockflow layout${leftAlone}`
  let text: string
  try {
    // Opened without following a link or waiting on a pipe, and checked again: it may change after the lstat.
    const fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0))
    try {
      if (!fstatSync(fd).isFile()) return `${basename(file)} is not a regular file, not a stockflow layout${leftAlone}`
      text = readFileSync(fd, 'utf8')
    } finally {
      closeSync(fd)
    }
  } catch (err) {
    return `${basename(file)} cannot be read (${(err as Error).message})${leftAlone}`
  }
  try {
    return parseLayoutFile(JSON.parse(text))
  } catch (err) {
    return `${basename(file)} is not a stockflow layout (${(err as Error).message})${leftAlone}`
  }
}

function whatIs(stats: Stats): string {
  if (stats.isSymbolicLink()) return 'a symbolic link'
  if (stats.isDirectory()) return 'a folder'
  if (stats.isFIFO()) return 'a named pipe'
  if (stats.isSocket()) return 'a socket'
  return 'a device'
}

/** The layout file as JSON a person can diff: one view item or link per line. */
export function formatLayoutFile(layout: LayoutFile): string {
  const views = Object.entries(layout.stockFlow).flatMap(([key, v]) => {
    if (!v) return []
    const lines = (list: readonly unknown[]) => list.map((x) => `        ${JSON.stringify(x)}`).join(',\n')
    const parts = [
      ...(v.name !== undefined ? [`      "name": ${JSON.stringify(v.name)}`] : []),
      `      "items": [\n${lines(v.items)}\n      ]`,
      ...(v.links ? [`      "links": [\n${lines(v.links)}\n      ]`] : []),
    ]
    return [`    ${JSON.stringify(key)}: {\n${parts.join(',\n')}\n    }`]
  })
  const head = `  "format": ${JSON.stringify(layout.format)},\n  "version": ${layout.version},\n  "model": ${JSON.stringify(layout.model)}`
  return `{\n${head},\n  "stockFlow": {${views.length ? `\n${views.join(',\n')}\n  ` : ''}}\n}\n`
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value.join(',') : value
}

/** The request's body as text, or undefined once it passes `max` bytes (the rest is not read). */
function readBody(req: IncomingMessage, max: number): Promise<string | undefined> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > max) {
        req.removeAllListeners('data')
        req.resume()
        return done(undefined)
      }
      chunks.push(chunk)
    })
    req.on('end', () => done(Buffer.concat(chunks).toString('utf8')))
    req.on('error', fail)
  })
}

const HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  // Never embedded in or read by another origin's page.
  'cross-origin-resource-policy': 'same-origin',
}

function reply(res: ServerResponse, status: number, text: string, more: Record<string, string> = {}): void {
  res.writeHead(status, { ...HEADERS, ...more, 'content-type': 'text/plain; charset=utf-8' })
  res.end(text)
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { ...HEADERS, 'content-type': 'application/json; charset=utf-8' })
  res.end(JSON.stringify(value))
}
