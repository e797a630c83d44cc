/**
 * @stockflow/experiments/internal: helpers of the experiments for sibling packages, with no stability
 * promise. No sibling needs one yet; the place exists so that one can be added without a public name.
 */
export {}
