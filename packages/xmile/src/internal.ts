/**
 * @stockflow/xmile/internal: helpers of XMILE import and export for sibling packages, with no stability
 * promise. No sibling needs one yet; the place exists so that one can be added without a public name.
 */
export {}
