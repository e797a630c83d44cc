/** @stockflow/xmile: XMILE 1.0 import and export. */
export {}
