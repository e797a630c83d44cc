/** The focus views' public names in one place: a tree of causes or uses, and one loop alone. */
export type {
  FocusLinkLayout,
  FocusNodeLayout,
  FocusOptions,
  LoopCircleData,
  LoopCircleLayout,
  TreeData,
  TreeLayout,
  TreeNodeInput,
} from './focus-types.js'
export { renderTree } from './tree-layout.js'
export { renderLoopCircle } from './loop-circle.js'
