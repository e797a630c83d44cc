import { buildViewer } from './build.ts'

/** Builds the viewer once for every end-to-end test file (they load the production bundle). */
export default async function setup(): Promise<void> {
  await buildViewer()
}
