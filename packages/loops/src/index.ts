/** @stockflow/loops: feedback structure of a model: causal links, polarity, loops, dominance. */
export type { AnalyzeOptions, Loop, LoopAnalysis, LoopLink } from './analysis.js'
export { analyzeLoops } from './loops.js'
export type { CausalGraph, CausalLink, CausalNode } from './causal-graph.js'
export type { LinkPolarity, Polarity } from './polarity.js'
export type { NamedLoopMatch } from './named.js'
export type { Dominance, DominantInterval } from './dominance.js'
export { loopDominance } from './dominance.js'
