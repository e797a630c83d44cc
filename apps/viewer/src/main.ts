import './style.css'
import { App } from './app.ts'
import { startLiveReload } from './live-reload.ts'

const app = new App(document.body)
// `stockflow view --watch`: listening before the first model.json is read (see live-reload.ts).
const live = startLiveReload(app.context.controller)
// `data-ready`: the opened model's run and diagrams are drawn (what the end-to-end tests wait for).
void app.start().then(() => {
  document.documentElement.dataset.ready = 'true'
  live.ready()
})
