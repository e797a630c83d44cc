/** The environment variable `--redis` defaults to, so a team names its server once (in a shell profile, a compose file). */
export const REDIS_ENV = 'STOCKFLOW_REDIS'

/**
 * The Redis URL of `--redis`, else of $STOCKFLOW_REDIS when `useEnv`; undefined when neither. Its form
 * and whether the server answers are the queue's checks, which name the server in one line.
 */
export function redisUrl(flag: string | undefined, useEnv = true): string | undefined {
  const fromEnv = useEnv ? process.env[REDIS_ENV] : undefined
  return flag ?? (fromEnv === '' ? undefined : fromEnv)
}
