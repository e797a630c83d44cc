// The names of array elements are read in @stockflow/model, where validation checks a scenario's keys
// with them; the solver's runs, overrides and output lists read them through this module.
export type { ArrayElement, ArrayVariable, DimensionElements, NameMeaning } from '@stockflow/model/internal'
export { arraysAmong, dimensionElements, expandNames, meaningOf, sample } from '@stockflow/model/internal'
