/** @stockflow/loops: feedback structure of a model: causal links, polarity, loops, dominance. */
export {}
