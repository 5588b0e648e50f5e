/**
 * `run(config, host)`: the whole job, for the action and the CLI alike.
 * Deploy (collect, build the DAG and CAR locally, upload and pin, verify) or pin existing CIDs,
 * then clean up earlier deployments, then set outputs, the summary and GitHub feedback.
 */
import { renderName } from '../config/naming.js'
import { describeMayChange } from '../config/may-change.js'
import type { Config } from '../config/types.js'
import { ContentError, DeployError, InputError } from '../errors.js'
import { errorMessage } from '../errors.js'
import { finish, type RunResult } from './finish.js'
import { planRun, type RunPlan } from './plan.js'
import { checkRollback } from './rollback.js'
import { prepareEns } from '../names/ens.js'
import { createFeedback } from './feedback.js'
import type { Clock } from '../http/deadline.js'
import type { Host } from '../io.js'
import type { PinTags } from '../providers/types.js'
import { emptyPhase, pinCids, publish, type Phase, type PublishOptions } from './build.js'
import { openSession, type Session } from '../http/session.js'
import { pinTags } from '../tags.js'

export type { RunResult } from './finish.js'
export { DeployError } from '../errors.js'

export interface RunOptions extends PublishOptions {
  /** Time for waits, retries and limits (tests drive it; the system clock otherwise). */
  readonly clock?: Clock
}

export async function run(config: Config, host: Host, opts: RunOptions = {}): Promise<RunResult> {
  for (const s of config.secrets) host.setSecret(s)
  // What the run does, decided once, before any network call (src/run/plan.ts).
  const plan = planRun(config)
  // A rollback on a pull request is refused, `to` and the ENS inputs checked: before any request.
  checkRollback(config, plan)
  await prepareEns(config.names, host)
  // What this run may change: what it leaves alone is said once.
  for (const n of plan.may.notices) host.notice(n)
  if (plan.dryRun)
    for (const [what, may] of describeMayChange(plan.may))
      host.info(`dry run: may change: ${what}: ${may}`)
  if (config.forkSkipped.length > 0)
    host.warning(
      `This pull request comes from a fork, and GitHub gives such runs no secrets: ${config.forkSkipped.join(', ')} skipped. The CID and CAR are still computed. To deploy fork previews, see "Pull requests from forks" in docs/security.md.`,
    )
  // One session for all network work of the run: the `timeout` input bounds all of it. Opening
  // it makes no request; its start is the time of this run's claims.
  const session = openSession(
    { ...config.pinning, secrets: config.secrets },
    host,
    opts.clock !== undefined ? { clock: opts.clock } : {},
  )
  // The pin name is input too: fail on a template this run cannot fill before any work (the
  // session's time limit is armed only by its first request).
  const tags =
    config.mode === 'deploy' && config.providers.length > 0
      ? pinTags(renderName(config), config, new Date(session.startedAt))
      : undefined
  try {
    const feedback = createFeedback(config, plan, session, host)
    await feedback?.start()
    let done: Phase
    try {
      done = await phase(config, plan, host, tags, opts, session)
    } catch (err) {
      await feedback?.finish({ ok: false, results: [], problem: session.clean(errorMessage(err)) })
      throw err
    }
    return await finish(config, plan, host, done, feedback, session)
  } finally {
    session.close()
  }
}

async function phase(
  config: Config,
  plan: RunPlan,
  host: Host,
  tags: PinTags | undefined,
  opts: RunOptions,
  session: Session,
): Promise<Phase> {
  if (plan.mode !== 'deploy') return emptyPhase(config)
  if (config.content.kind === 'cid') {
    if (tags === undefined) throw new Error('pinning CIDs needs providers (readConfig checks)')
    return pinCids(config, plan, config.content.cids, host, tags, session)
  }
  if (config.content.kind === 'path')
    return publish(config, plan, config.content, host, tags, opts, session)
  throw new Error(`content kind ${config.content.kind} reached run()`)
}

/** The one place a failure becomes a message: no stack for expected errors, the cause in `detail`. */
export function describeFailure(err: unknown): {
  message: string
  detail?: string
  input: boolean
} {
  if (err instanceof InputError || err instanceof ContentError || err instanceof DeployError) {
    const cause = err.cause instanceof Error ? `cause: ${err.cause.message}` : undefined
    return { message: err.message, detail: cause, input: err instanceof InputError }
  }
  if (err instanceof Error) return { message: err.message, detail: err.stack, input: false }
  return { message: String(err), input: false }
}
