// Shared by the end-to-end tests, the screenshots and the latency benchmark: build the viewer, serve
// it, and drive Debian's Chromium headless (never a downloaded browser).
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { BrowserContext, Page } from 'playwright-core'
import { startViewer } from '../../packages/cli/src/commands/view.ts'
import type { ViewerOptions, ViewerServer } from '../../packages/cli/src/commands/view.ts'

import { ROOT, VIEWER_DIR } from './build.ts'

export { ROOT, VIEWER_DIR, buildViewer } from './build.ts'
export const CHROMIUM = process.env.STOCKFLOW_CHROMIUM ?? '/usr/bin/chromium'
/** The flags headless Chromium needs on CI machines (run as root, no GPU, no network to spare). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
/** Generated screenshots (ignored by git; `pnpm screenshots` refreshes the committed one). */
export const SCREENSHOTS = join(ROOT, 'test/e2e/.output/screenshots')

/** Serves the built viewer on a free port of 127.0.0.1. */
export function serveViewer(options: Omit<ViewerOptions, 'port' | 'mode'> = {}): Promise<ViewerServer> {
  return startViewer({ ...options, port: 0, mode: 'dist', viewerDir: VIEWER_DIR })
}

/** A headless Chromium with a fresh profile, removed on close. */
export interface Browser {
  readonly context: BrowserContext
  newPage(): Promise<Page>
  close(): Promise<void>
}

/** The desktop window the viewer's readability and layout tests measure in (issue 19). */
export const DESKTOP_VIEWPORT = { width: 1440, height: 1000 } as const

/** Launches Debian's Chromium headless with a fresh profile directory. */
export async function launchChromium(
  viewport: { readonly width: number; readonly height: number } = { width: 1400, height: 1000 },
): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`)
  const profile = mkdtempSync(join(tmpdir(), 'stockflow-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport,
    acceptDownloads: true,
  })
  return {
    context,
    newPage: async () => {
      const page = await context.newPage()
      page.on('pageerror', (err) => console.error(`page error: ${err.message}`))
      return page
    },
    close: async () => {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/** Opens a viewer URL and waits until the app has started (its first run is drawn). */
export async function openViewer(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.waitForSelector('html[data-ready="true"]')
}

/** What `readFrames` returns: every gap between animation frames (ms) and the long tasks seen. */
export interface Frames {
  readonly gaps: readonly number[]
  readonly longest: number
  readonly longTasks: readonly number[]
}

/**
 * Starts recording, in the page, the gaps between the frames it draws (requestAnimationFrame) and its
 * long tasks: a frozen page shows one gap as long as the freeze. Run it with `page.evaluate`, or with
 * `page.addInitScript` to record from the start of every load (a reload included).
 */
export const recordFrames = `(() => {
  const rec = (window.__frames = { gaps: [], longTasks: [] })
  let last = performance.now()
  const tick = (t) => {
    rec.gaps.push(t - last)
    last = t
    requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) rec.longTasks.push(e.duration)
    }).observe({ type: 'longtask' })
  } catch {}
})()`

/** The frames recorded since `recordFrames` ran (or since the last read, with `reset`). */
export async function readFrames(page: Page, reset = false): Promise<Frames> {
  const { gaps, longTasks } = (await page.evaluate(`(() => {
    const rec = window.__frames
    const out = { gaps: [...rec.gaps], longTasks: [...rec.longTasks] }
    if (${reset}) rec.gaps.length = rec.longTasks.length = 0
    return out
  })()`)) as { gaps: number[]; longTasks: number[] }
  return { gaps, longTasks, longest: Math.max(0, ...gaps) }
}

/**
 * An init script (`page.addInitScript`) that lets a test hold back what the page posts to its Web
 * Workers whose script URL contains `name` (`render-worker`, `montecarlo-worker`): while held, those
 * workers are asked nothing, so they answer nothing, whatever the machine's speed. `holdWorkers` and
 * `releaseWorkers` switch it; `heldMessages` reads what waits.
 */
export const workerHold = (name: string) => `(() => {
  const name = ${JSON.stringify(name)}
  const hold = ((window.__holds ??= {})[name] = { on: false, messages: [], queue: [] })
  const Base = window.Worker
  window.Worker = class extends Base {
    constructor(url, options) {
      super(url, options)
      this.__held = String(url).includes(name)
    }
    postMessage(...args) {
      if (!this.__held || !hold.on) return super.postMessage(...args)
      hold.messages.push(args[0])
      hold.queue.push(() => super.postMessage(...args))
    }
  }
})()`

/** From now on, the messages to the workers named as in `workerHold` wait. */
export async function holdWorkers(page: Page, name: string): Promise<void> {
  await page.evaluate(`window.__holds[${JSON.stringify(name)}].on = true`)
}

/** Posts what waited, in order, and stops holding (`heldMessages` starts afresh). */
export async function releaseWorkers(page: Page, name: string): Promise<void> {
  await page.evaluate(`(() => {
    const hold = window.__holds[${JSON.stringify(name)}]
    hold.on = false
    hold.messages.length = 0
    for (const post of hold.queue.splice(0)) post()
  })()`)
}

/** The messages held since the last release, each reduced in the page by `pick` (a function's source, e.g. `(m) => m.job.diagram`). */
export async function heldMessages(page: Page, name: string, pick: string): Promise<unknown[]> {
  return (await page.evaluate(`window.__holds[${JSON.stringify(name)}].messages.map(${pick})`)) as unknown[]
}
