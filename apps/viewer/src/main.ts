import './style.css'
import { App } from './app.ts'

const app = new App(document.body)
// `data-ready`: the opened model's run and diagrams are drawn (what the end-to-end tests wait for).
void app.start().then(() => {
  document.documentElement.dataset.ready = 'true'
})
