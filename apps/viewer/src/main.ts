import './style.css'
import { App } from './app.ts'

const app = new App(document.body)
void app.start().then(() => {
  document.documentElement.dataset.ready = 'true'
})
