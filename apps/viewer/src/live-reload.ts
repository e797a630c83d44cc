import './live-reload.css'
import type { LoopsResult } from './analysis.ts'
import type { ViewerController } from './controller.ts'
import { NAMED_PREFIX } from './loop-highlight.ts'
import { describeError, readModelFile } from './open-model.ts'
import type { OpenedModel } from './open-model.ts'
import { Session } from './session.ts'
import type { ViewState } from './state.ts'

/** What `stockflow view --watch` sends at `/events` (`status` events): see the CLI's `LiveStatus`. */
interface LiveStatus {
  /** 0 while no version of the model has loaded (the server holds `model.json` until one does). */
  readonly version: number
  readonly errors: readonly string[]
}

/**
 * `stockflow view --watch`: listens at `events` for the served model's saves. A new version is opened
 * in place, keeping what still applies of the view; a save that does not load shows its errors in a
 * banner over the last good model, which stays drawn. `html[data-live-version]` is the version shown,
 * `html[data-live-errors]` the number of errors in the banner. When no version has loaded yet, the
 * banner shows why at once, over the empty page (`html[data-live-waiting]`), and the first save that
 * loads is drawn. Without `--watch` the server answers 404 and the browser does not ask again. Call
 * `ready` once the app has started.
 */
export function startLiveReload(controller: ViewerController): { readonly ready: () => void } {
  let ready = () => {}
  const started = new Promise<void>((done) => (ready = done))
  if (typeof EventSource === 'undefined' || location.protocol === 'file:') return { ready }
  const banner = makeBanner()
  const root = document.documentElement
  let shown: number | undefined
  let busy = Promise.resolve()
  // Asked for before the page's first `model.json` (call this before `App.start`): a save in between
  // then comes as a new version, read once more, rather than going unseen.
  const source = new EventSource('events')
  source.addEventListener('status', (e) => {
    const status = JSON.parse((e as MessageEvent<string>).data) as LiveStatus
    // Nothing has loaded: the app waits for `model.json`, so the banner is shown now, not once it started.
    if (shown === undefined && status.version === 0) {
      root.dataset.live = 'on'
      root.dataset.liveWaiting = 'true'
      showErrors(banner, status.errors)
    }
    busy = busy.then(async () => {
      await started
      if (!controller.served) return source.close()
      root.dataset.live = 'on'
      if (shown === undefined && status.version === 0) return
      delete root.dataset.liveWaiting
      if (shown === undefined) {
        shown = status.version
        showErrors(banner, status.errors)
      } else if (status.version !== shown) {
        if (await reload(controller, status.errors, banner)) shown = status.version
      } else showErrors(banner, status.errors)
      root.dataset.liveVersion = String(shown)
    })
  })
  return { ready: () => ready() }
}

/** Opens the served model's new version; false (its error in the banner) when it does not open. */
async function reload(controller: ViewerController, errors: readonly string[], banner: HTMLElement): Promise<boolean> {
  const label = controller.served?.fileName ?? 'model.json'
  let opened: OpenedModel
  let session: Session
  try {
    const response = await fetch('model.json', { headers: { accept: 'application/json' }, cache: 'no-store' })
    if (!response.ok) throw new Error(`model.json: ${response.status} ${response.statusText}`)
    const model = readModelFile('model.json', await response.text()).model
    opened = { model, fileName: model.name, warnings: [] }
    session = new Session(model, 'served', opened.fileName)
  } catch (err) {
    showErrors(banner, describeError(err, label).split('\n'))
    return false
  }
  controller.served = opened
  showErrors(banner, errors)
  // Another model is open (a seed): the menu's served entry opens the new version when chosen.
  if (controller.state.model !== 'served') return true
  controller.open(keptState(controller.state, session, controller.loops), 'replace')
  return true
}

/**
 * The view state carried over to a model's new version: parameter edits whose parameter is still there
 * with the value inside its new range; the scenario, selection and focus when the model still has them
 * (`normalise` drops those it lacks when the model opens); the highlighted loop when it has not
 * vanished (`loops` is the old version's analysis).
 */
export function keptState(state: ViewState, session: Session, loops?: LoopsResult): ViewState {
  const params = new Map(session.params.map((p) => [p.id, p]))
  const set = Object.fromEntries(
    Object.entries(state.set).filter(([id, value]) => {
      const p = params.get(id)
      return p !== undefined && value >= p.min && value <= p.max
    }),
  )
  const loop = state.loop !== undefined && loopRemains(state.loop, session, loops) ? state.loop : undefined
  return { ...state, set, loop }
}

/**
 * Whether a highlighted loop is still there: a named loop the model still names; a found loop all of
 * whose variables the model still has (one the old analysis does not know cannot be told, so it goes).
 */
function loopRemains(key: string, session: Session, loops: LoopsResult | undefined): boolean {
  if (key.startsWith(NAMED_PREFIX)) return (session.model.loops ?? []).some((l) => `${NAMED_PREFIX}${l.id}` === key)
  const loop = loops?.loops.find((l) => l.id === key)
  if (!loop) return false
  const variables = new Set(session.variables.map((v) => v.id))
  return loop.variables.every((v) => variables.has(v))
}

function makeBanner(): HTMLElement {
  const banner = document.createElement('section')
  banner.id = 'live-errors'
  banner.className = 'live-errors'
  banner.setAttribute('role', 'alert')
  banner.setAttribute('aria-label', 'The saved model does not load')
  banner.hidden = true
  const title = document.createElement('p')
  title.className = 'title'
  const waiting = document.createElement('p')
  waiting.className = 'waiting'
  waiting.textContent = 'Waiting for a save that loads.'
  banner.append(title, document.createElement('ul'), waiting)
  const anchor = document.getElementById('notice')
  if (anchor) anchor.before(banner)
  else document.body.prepend(banner)
  return banner
}

function showErrors(banner: HTMLElement, errors: readonly string[]): void {
  const waiting = document.documentElement.dataset.liveWaiting === 'true'
  banner.querySelector('.title')!.textContent = waiting
    ? 'The model does not load:'
    : 'The saved model does not load; the last good version stays shown until it is fixed:'
  ;(banner.querySelector('.waiting') as HTMLElement).hidden = !waiting
  const list = banner.querySelector('ul')!
  list.replaceChildren(
    ...errors.map((line) => {
      const item = document.createElement('li')
      item.textContent = line
      return item
    }),
  )
  banner.hidden = errors.length === 0
  document.documentElement.dataset.liveErrors = String(errors.length)
}
