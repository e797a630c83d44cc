import { VERSION } from '@stockflow/solver'

/**
 * `stockflow-<version>-node<major>`: workers of another stockflow or Node version never see the jobs,
 * so a mixed fleet cannot mix numbers. BullMQ refuses `:` in a queue name; this has none.
 */
export function queueName(): string {
  return `stockflow-${VERSION}-node${process.versions.node.split('.')[0]}`
}
