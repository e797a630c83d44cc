/**
 * Our keys beside BullMQ's, all of one experiment named after it so that a cancel can delete them and
 * a test can find them: the model's JSON, the heartbeat of its submitter, the cancel mark, a result
 * per job. Job ids are `<experiment>-<first run>`: BullMQ refuses integer ids and ids with one `:`.
 */
export const KEY_PREFIX = 'stockflow'

export const modelKey = (experiment: string): string => `${KEY_PREFIX}:exp:${experiment}:model`
export const aliveKey = (experiment: string): string => `${KEY_PREFIX}:exp:${experiment}:alive`
export const cancelKey = (experiment: string): string => `${KEY_PREFIX}:exp:${experiment}:cancel`
export const resultKey = (jobId: string): string => `${KEY_PREFIX}:result:${jobId}`
export const jobId = (experiment: string, first: number): string => `${experiment}-${first}`
/** BullMQ's hash of a job (its default key prefix `bull`). */
export const bullJobKey = (queue: string, id: string): string => `bull:${queue}:${id}`
