/** @stockflow/diagram: pure renderers from plain data to SVG. */
export {}
