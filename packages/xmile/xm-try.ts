import { readFileSync } from 'node:fs'
import { importXmile, translateEquation } from './src/index.js'
for (const t of ['SUM(a[*])', 'MIN(var1[dim1])', "LOOKUP(VMIN, x[*, Col])", 'a[Dim1, D]', 'tm[Cats, *:dummy]', 'MEAN(a[*])', 'x[1]', 'a[b!]', 'a[i+1]', 'a[1:3]', "a'", 'a[@1]', 'SIZE(a[*])', 'RANK(a[*], 2)']) {
  try { console.log(t, ' => ', translateEquation(t)) } catch (e) { console.log(t, ' !! ', String(e), (e as {feature?: string}).feature) }
}
for (const f of process.argv.slice(2)) {
  try { const { model } = importXmile(readFileSync(f, 'utf8'), f); console.log(JSON.stringify(model.dimensions), '\n' + model.elements.map(e => JSON.stringify(e)).join('\n')) } catch (e) { console.log(f, String(e)) }
}
