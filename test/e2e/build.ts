import { join } from 'node:path'
import { build } from 'vite'

export const ROOT = join(import.meta.dirname, '../..')
export const VIEWER_DIR = join(ROOT, 'apps/viewer')

/** Builds the viewer into apps/viewer/dist with vite (the production bundle the tests load). */
export async function buildViewer(): Promise<void> {
  await build({ root: VIEWER_DIR, configFile: join(VIEWER_DIR, 'vite.config.ts'), logLevel: 'warn' })
}
