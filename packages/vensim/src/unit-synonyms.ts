/**
 * Vensim's unit equivalences, kept in the settings section as `22:Ghectare,Ghectares` lines: names of
 * one unit. Units are written with the first name of their line, so the unit checks see one unit.
 */
export function unitSynonyms(settings: string | undefined): (units: string) => string {
  const canonical = new Map<string, string>()
  for (const line of (settings ?? '').split(/\r\n|\r|\n/)) {
    if (!line.startsWith('22:')) continue
    const names = line
      .slice(3)
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '')
    for (const n of names.slice(1)) canonical.set(n.toLowerCase(), names[0]!)
  }
  if (canonical.size === 0) return (units) => units
  // A unit is a run of text between operators: `Resource units/(Person*year)` has three.
  return (units) =>
    units.replace(/[^*/^()]+/g, (part) => {
      const name = part.trim()
      const same = canonical.get(name.toLowerCase())
      return same === undefined ? part : part.replace(name, same)
    })
}
