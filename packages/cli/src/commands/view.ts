import { spawn } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, extname, join, resolve, sep } from 'node:path'
import type { Command } from 'commander'
import { isStockflowError, modelToJSON, StockflowError } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { cliCommand } from '../command.js'
import type { Io } from '../io.js'
import { LayoutSidecar, sidecarPath } from '../layout-sidecar.js'
import { loadModel, MODEL_ARGUMENT_HELP } from '../load.js'
import { LiveModel } from '../watch-live.js'
import { asWarning } from './check.js'
import { moduleDir } from '../module-url.js'

/** Flags of `stockflow view`. */
export interface ViewFlags {
  readonly port?: string
  /** `--no-open` sets this to false; anything else opens a browser. */
  readonly open?: boolean
  /** `--watch`: reload the model when its files change. */
  readonly watch?: boolean
}

/** The commander definition of `stockflow view`. */
export function viewOptions(command: Command): Command {
  return command
    .description('serve the viewer on 127.0.0.1 with the model loaded; runs until interrupted')
    .argument('<model>', MODEL_ARGUMENT_HELP)
    .option('--port <n>', 'port (default 5180, or the next free one)')
    .option('--no-open', 'do not open a browser')
    .option('--watch', 'reload the model in the page when its files change (errors show over the last good model)')
}

/** How the viewer's files are served: vite's dev server (a checkout), its build (`dist/`), or whichever exists. */
export type ViewerMode = 'auto' | 'dev' | 'dist'

/** What `startViewer` needs. */
export interface ViewerOptions {
  /** The model served at `/model.json`; without one the viewer opens its bundled seeds. */
  readonly model?: Model
  /** 0 picks a free port. Default 5180, or the next free one when it is taken and `strictPort` is off. */
  readonly port?: number
  readonly strictPort?: boolean
  readonly mode?: ViewerMode
  /** The folder of `@stockflow/viewer` (holding `index.html` and `dist/`); found from here by default. */
  readonly viewerDir?: string
  /**
   * The served model's file: the viewer's arrangement of it is saved beside it (`sidecarPath`, e.g.
   * `model.layout.json`), never in it. Without one, nothing is saved through the server.
   */
  readonly modelFile?: string
  /** Told a line for the user (the file beside the model is not an arrangement, so it is left alone). */
  readonly warn?: (line: string) => void
  /**
   * `--watch`: serves this model's latest good version instead of `model` (waiting for one when none
   * has loaded yet), and its `/events`.
   */
  readonly live?: LiveModel
}

/** A running viewer server. */
export interface ViewerServer {
  /** `http://127.0.0.1:PORT/`, plus `?model=served` when a model is served. */
  readonly url: string
  readonly port: number
  readonly mode: 'dev' | 'dist'
  /** The arrangement file the viewer saves to, when a model file is served. */
  readonly layoutFile?: string
  close(): Promise<void>
}

/** Test hooks of `viewCommand`: stop without a signal, serve another viewer folder. */
export interface ViewCommandOptions extends Pick<ViewerOptions, 'mode' | 'viewerDir'> {
  readonly signal?: AbortSignal
}

export const DEFAULT_VIEW_PORT = 5180
const HOST = '127.0.0.1'

/**
 * `stockflow view MODEL [--port N] [--no-open] [--watch]`: serves the viewer on 127.0.0.1 with MODEL
 * loaded (at `/model.json`), prints the URL, opens a browser unless `--no-open`, and runs until
 * interrupted (SIGINT/SIGTERM, or `options.signal`). `--watch` reloads the model in the page on save
 * (`LiveModel`). Returns the exit code.
 */
export async function viewCommand(
  model: string,
  flags: ViewFlags,
  io: Io,
  options: ViewCommandOptions = {},
): Promise<number> {
  let server: ViewerServer
  let live: LiveModel | undefined
  try {
    const port = portOption(flags.port)
    const log = (line: string) => io.stderr(`stockflow: ${line}\n`)
    // --watch: a first load that fails is shown (and logged) and waits for a save, it does not exit.
    live = flags.watch ? await LiveModel.start(model, { log }) : undefined
    const loaded = live ? undefined : await loadModel(model)
    for (const w of live?.warnings ?? loaded?.warnings ?? []) io.stderr(`stockflow: ${asWarning(w)}\n`)
    const file = live?.file ?? loaded!.file
    server = await startViewer({
      model: loaded?.model,
      live,
      port: port ?? DEFAULT_VIEW_PORT,
      strictPort: port !== undefined,
      mode: options.mode,
      viewerDir: options.viewerDir,
      modelFile: file,
      warn: log,
    })
    io.stdout(`${file}: the viewer is at ${server.url} (Ctrl+C to stop)\n`)
    if (live) io.stdout(`${file}: watching ${live.folders.join(', ')}; a save reloads the model in the page\n`)
    if (live?.status.version === 0) io.stdout(`${file}: does not load yet; waiting for a save that loads\n`)
  } catch (err) {
    await live?.close()
    if (!isStockflowError(err)) throw err
    io.stderr(
      err.message
        .split('\n')
        .map((line) => `stockflow: ${line.trim()}\n`)
        .join(''),
    )
    return 1
  }
  if (flags.open !== false) openBrowser(server.url)
  await interrupted(options.signal)
  await live?.close()
  await server.close()
  return 0
}

/** `stockflow view`, as main registers it. */
export const viewCli = cliCommand<[model: string], ViewFlags>('view', viewOptions, (model, flags, io) =>
  viewCommand(model, flags, io),
)

/** Starts the viewer's HTTP server on 127.0.0.1 (see `ViewerOptions`). */
export async function startViewer(options: ViewerOptions = {}): Promise<ViewerServer> {
  const viewerDir = options.viewerDir ?? findViewerDir()
  const modelJSON = options.model && !options.live ? modelToJSON(options.model) : undefined
  const serving = modelJSON !== undefined || options.live !== undefined
  const sidecar =
    serving && options.modelFile !== undefined
      ? new LayoutSidecar(sidecarPath(options.modelFile), options.modelFile)
      : undefined
  if (sidecar?.warning) options.warn?.(sidecar.warning)
  const vite = await viteServer(viewerDir, options.mode ?? 'auto')
  const dist = join(viewerDir, 'dist')
  if (!vite && !existsSync(join(dist, 'index.html'))) {
    throw new StockflowError(
      `the viewer is not built (no ${join(dist, 'index.html')}); run \`pnpm --filter @stockflow/viewer build\``,
    )
  }

  let port = 0
  const server = createServer((req, res) => {
    // A page on another site could reach 127.0.0.1 through a rebound DNS name; only our own names pass.
    const host = (req.headers.host ?? '').toLowerCase()
    if (host !== `${HOST}:${port}` && host !== `localhost:${port}`)
      return send(res, 403, 'text/plain', 'forbidden host\n')
    const path = decodedPath(req)
    if (path === undefined) return send(res, 400, 'text/plain', 'bad request\n')
    if (path === '/model.json') {
      if (options.live) return options.live.handleModel(req, res)
      if (modelJSON === undefined) return send(res, 404, 'text/plain', 'no model served\n')
      return send(res, 200, 'application/json; charset=utf-8', modelJSON)
    }
    if (path === '/events') {
      if (!options.live) return send(res, 404, 'text/plain', 'not watching the model (stockflow view --watch)\n')
      return options.live.handleEvents(req, res)
    }
    if (path === '/session.json' || path === '/layout.json') {
      if (!sidecar) return send(res, 404, 'text/plain', 'no model file served\n')
      return sidecar.handle(req, res, path, host)
    }
    if (vite) return vite.middlewares(req, res)
    serveStatic(dist, path, res)
  })
  if (vite) await vite.attach(server)
  port = await listen(server, options.port ?? DEFAULT_VIEW_PORT, options.strictPort ?? false)
  const url = `http://${HOST}:${port}/${serving ? '?model=served' : ''}`
  return {
    url,
    port,
    mode: vite ? 'dev' : 'dist',
    ...(sidecar ? { layoutFile: sidecar.file } : {}),
    close: async () => {
      await options.live?.close()
      await vite?.close()
      server.closeAllConnections()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}

/** `--port N`: an integer 0-65535, or undefined when not given. */
function portOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const port = Number(text)
  if (!/^\d+$/.test(text.trim()) || port > 65535) throw new StockflowError(`--port must be 0-65535, got "${text}"`)
  return port
}

/** `apps/viewer` of this checkout, or an installation's `viewer`, looked for above this file (src/ or dist/). */
function findViewerDir(): string {
  let dir = moduleDir(import.meta.url)
  for (;;) {
    const candidate = join(dir, 'apps', 'viewer')
    if (existsSync(join(candidate, 'package.json'))) return candidate
    // An installed CLI (`pnpm install:cli`) carries the built viewer in `viewer/dist` beside its `dist`.
    const installed = join(dir, 'viewer')
    if (existsSync(join(installed, 'dist', 'index.html'))) return installed
    const parent = dirname(dir)
    if (parent === dir) throw new StockflowError('the viewer (apps/viewer) is not part of this installation')
    dir = parent
  }
}

/** What the HTTP server needs of vite's dev server. */
interface DevServer {
  middlewares(req: IncomingMessage, res: ServerResponse): void
  attach(server: Server): Promise<void>
  close(): Promise<void>
}

/**
 * Vite's dev server in middleware mode when vite is installed (a checkout) and the mode allows it.
 * vite is a development tool of the repository, not a dependency of the CLI: it is imported by a
 * computed name so bundling the CLI leaves it out.
 */
async function viteServer(viewerDir: string, mode: ViewerMode): Promise<DevServer | undefined> {
  if (mode === 'dist') return undefined
  const config = join(viewerDir, 'vite.config.ts')
  let vite: typeof import('vite') | undefined
  if (existsSync(config) && existsSync(join(viewerDir, 'index.html'))) {
    const name = 'vite'
    vite = await (import(name) as Promise<typeof import('vite')>).catch(() => undefined)
  }
  if (!vite) {
    if (mode === 'dev')
      throw new StockflowError('vite is not installed: the dev server needs a checkout with its dev dependencies')
    return undefined
  }
  const { createServer: createViteServer } = vite
  let dev: Awaited<ReturnType<typeof createViteServer>> | undefined
  return {
    middlewares: (req, res) => {
      if (dev) dev.middlewares(req, res)
      else send(res, 503, 'text/plain', 'starting\n')
    },
    attach: async (server) => {
      dev = await createViteServer({
        root: viewerDir,
        configFile: config,
        logLevel: 'warn',
        clearScreen: false,
        appType: 'spa',
        server: { middlewareMode: true, ws: { server } },
      })
    },
    close: async () => {
      await dev?.close()
    },
  }
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
}

/** A file of the built viewer; `/` is its index.html. Nothing outside `dist` is ever read. */
function serveStatic(dist: string, path: string, res: ServerResponse): void {
  const file = resolve(dist, '.' + (path.endsWith('/') ? path + 'index.html' : path))
  if (!file.startsWith(dist + sep) || !existsSync(file) || !statSync(file).isFile()) {
    return send(res, 404, 'text/plain', 'not found\n')
  }
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
  // Hashed assets never change; index.html must not be cached across builds.
  const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'
  send(res, 200, type, readFileSync(file), cache)
}

function decodedPath(req: IncomingMessage): string | undefined {
  try {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    return path.includes('\0') ? undefined : path
  } catch {
    return undefined
  }
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, cache = 'no-store'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': cache, 'x-content-type-options': 'nosniff' })
  res.end(body)
}

/** Listens on 127.0.0.1; a taken port moves to the next one (up to 20 tries) unless `strict`. */
async function listen(server: Server, port: number, strict: boolean): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      await new Promise<void>((done, fail) => {
        server.once('error', fail)
        server.listen(port + attempt, HOST, () => {
          server.off('error', fail)
          done()
        })
      })
      return (server.address() as AddressInfo).port
    } catch (err) {
      const code = (err as { code?: string }).code
      if (code === 'EADDRINUSE' && !strict && port !== 0 && attempt < 20 && port + attempt < 65535) continue
      if (code === 'EADDRINUSE')
        throw new StockflowError(`port ${port + attempt} on ${HOST} is in use; choose another with --port`)
      throw new StockflowError(`could not listen on ${HOST}:${port + attempt}: ${(err as Error).message}`)
    }
  }
}

/** Opens the URL in the desktop's browser; where there is none (CI, ssh), nothing happens. */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]]
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' })
    child.on('error', () => undefined)
    child.unref()
  } catch {
    // no browser to open: the URL is printed
  }
}

/** Resolves on SIGINT or SIGTERM (or when `signal` aborts), removing its listeners. */
function interrupted(signal?: AbortSignal): Promise<void> {
  return new Promise((done) => {
    const finish = () => {
      process.off('SIGINT', finish)
      process.off('SIGTERM', finish)
      signal?.removeEventListener('abort', finish)
      done()
    }
    if (signal?.aborted) return finish()
    process.once('SIGINT', finish)
    process.once('SIGTERM', finish)
    signal?.addEventListener('abort', finish)
  })
}
