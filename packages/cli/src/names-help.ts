/**
 * The help sections on naming array elements, shown after the flags of `run` and of the experiments:
 * a run has a variable per element, and new users asked how to name one, all, or a subrange.
 */
export const RUN_NAMES_HELP = `
Arrays in --set and --vars (a run has a column per element, named Pop[north]):
  Pop[north]            one element, any case or spacing (Pop[north,young]: two
                        dimensions)
  Pop                   the whole array: every element, in order
  Pop[*], Pop[north,*]  every element, or those a pattern with * matches
  Pop[Coast]            a subrange (or dimension) name: all its elements
  When several --set name one element the narrowest wins, whatever the order:
  --set "Beta[*]=0.3" --set "Beta[Coast]=0.5" --set "Beta[north]=0.9"
`

/** The same for `--vary` (every experiment) and `--output` (all but calibrate). */
export function experimentNamesHelp(output: boolean): string {
  const each = output ? 'drawn on its own (a factor each)' : 'fitted on its own'
  const vary = `
Arrays in --vary${output ? ' and --output' : ''} (a run has a column per element, named Pop[north]):
  --vary "Beta[north]=..."  one element
  --vary "Beta[*]=..."      every element, each ${each}; also
                            Beta[north,*], or Beta[Coast] for a subrange
  --vary "Beta=..."         every element: one value shared by them in each run
${output ? '  (sweep sets each level of Beta[*] on every element together: one axis, not one each)\n' : ''}`
  if (!output) return vary
  return `${vary}  --output Pop              every element of the array, a column each; also Pop[north],
                            Pop[*,young] or Pop[Coast] (a subrange or dimension)
`
}
