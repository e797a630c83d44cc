import { afterAll, beforeAll } from 'vitest'
import type { Page } from 'playwright-core'
import type { ViewerServer } from '../../packages/cli/src/commands/view.ts'
import { launchChromium, openViewer, serveViewer } from './browser.ts'
import type { Browser } from './browser.ts'

/** The built viewer served and a headless Chromium, for the tests of one file. */
export interface ViewerSession {
  readonly server: ViewerServer
  readonly browser: Browser
  /** A fresh page on the viewer (path and query relative to the server), once the app has started. */
  open(query?: string): Promise<Page>
}

/** Options of `useViewer`. */
export interface ViewerSessionOptions {
  /** The browser window's size (default: `launchChromium`'s); issue 19's tests use `DESKTOP_VIEWPORT`. */
  readonly viewport?: { readonly width: number; readonly height: number }
}

/** Serves the viewer and launches Chromium before the file's tests, and stops both after them. */
export function useViewer(options: ViewerSessionOptions = {}): ViewerSession {
  let server: ViewerServer | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    server = await serveViewer()
    browser = await launchChromium(options.viewport)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })
  const session: ViewerSession = {
    get server() {
      if (!server) throw new Error('the viewer is not served yet (use the session inside a test)')
      return server
    },
    get browser() {
      if (!browser) throw new Error('Chromium is not launched yet (use the session inside a test)')
      return browser
    },
    async open(query = '') {
      const page = await session.browser.newPage()
      await openViewer(page, new URL(query, session.server.url).href)
      return page
    },
  }
  return session
}
