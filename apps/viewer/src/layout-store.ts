import { parseLayoutFile } from '@stockflow/diagram'
import type { LayoutFile } from '@stockflow/diagram'

/** Where a model's arrangement is kept: beside the model through `stockflow view`, or in this browser. */
export interface LayoutStore {
  /** Says where, for the toolbar: `teacup.layout.json beside the model`, `this browser`. */
  readonly where: string
  /** The arrangement kept, if any (checked: a broken one is no arrangement). */
  readonly kept: LayoutFile | undefined
  /** Keeps an arrangement; rejects with a message for people when it cannot. */
  save(file: LayoutFile): Promise<void>
}

/** What `stockflow view` hands its own pages at `session.json`. */
interface ServedSession {
  readonly token: string
  readonly layout: unknown
  readonly file: string
  readonly problem?: string
}

/**
 * The arrangement file beside the model `stockflow view` serves, if this page was served that way:
 * `session.json` gives the session's token (only to this origin) and what the file holds.
 */
export async function serverStore(): Promise<LayoutStore | undefined> {
  let session: ServedSession
  try {
    const response = await fetch('session.json', { cache: 'no-store', credentials: 'same-origin' })
    if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return undefined
    session = (await response.json()) as ServedSession
    if (typeof session.token !== 'string' || typeof session.file !== 'string') return undefined
  } catch {
    return undefined
  }
  let kept = checked(session.layout)
  let saving: Promise<void> = Promise.resolve()
  return {
    where: `${session.file} beside the model`,
    get kept() {
      return kept
    },
    save(file) {
      if (session.problem) return Promise.reject(new Error(session.problem))
      // One save after another, so the last arrangement is the one the file ends with.
      const next = saving.then(async () => {
        const response = await fetch('layout.json', {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-stockflow-token': session.token },
          body: JSON.stringify(file),
          cache: 'no-store',
        })
        if (!response.ok) throw new Error((await response.text()).trim() || `the server answered ${response.status}`)
        kept = file
      })
      saving = next.catch(() => undefined)
      return next
    },
  }
}

const PREFIX = 'stockflow-viewer:layout:'

/**
 * The name a model's arrangement is kept under in this browser: a bundled model's own name, a file's
 * name, or for a model served without a file (no sidecar) its model name, so two such models do not share one.
 */
export function browserKey(which: string, modelName: string, fileName?: string): string {
  if (which === 'file') return `file:${fileName ?? modelName}`
  if (which === 'served') return `served:${modelName}`
  return which
}

/** The arrangement of a model opened from a file or of a bundled model, kept in localStorage under `name`. */
export function browserStore(name: string): LayoutStore {
  const key = PREFIX + name
  let kept: LayoutFile | undefined
  try {
    const text = localStorage.getItem(key)
    kept = text === null ? undefined : checked(JSON.parse(text))
  } catch {
    kept = undefined
  }
  return {
    where: 'this browser',
    get kept() {
      return kept
    },
    save(file) {
      try {
        if (Object.keys(file.stockFlow).length === 0) localStorage.removeItem(key)
        else localStorage.setItem(key, JSON.stringify(file))
        kept = file
        return Promise.resolve()
      } catch {
        return Promise.reject(new Error('the browser refused to keep it (storage full or disabled)'))
      }
    },
  }
}

function checked(value: unknown): LayoutFile | undefined {
  if (value === null || value === undefined) return undefined
  try {
    return parseLayoutFile(value)
  } catch {
    return undefined
  }
}
