/**
 * `run(config, host)`: the whole job, for the action and the CLI alike.
 * Deploy (collect, build the DAG and CAR locally, upload and pin, verify) or pin existing CIDs,
 * then make it live at its names and clean up earlier deployments; every step fills in the
 * run's outcome, whose views (outputs, the summary, GitHub feedback) are written on every path.
 */
import { renderName } from '../config/naming.js'
import { describeMayChange } from '../config/may-change.js'
import { nameKinds } from '../names/kinds.js'
import type { Config } from '../config/types.js'
import { ContentError, DeployError, InputError } from '../errors.js'
import { errorMessage } from '../errors.js'
import { cleanupOptions, finish, report, type RunResult } from './finish.js'
import { planRun, type RunPlan } from './plan.js'
import { checkRollback } from './rollback.js'
import { createFeedback, type Feedback } from './feedback.js'
import { deploymentsOf, openGithub } from './github.js'
import { fail, startOutcome, type Outcome } from './outcome.js'
import { mayRestore } from '../cleanup/concurrent.js'
import type { Clock } from '../http/deadline.js'
import type { Host } from '../io.js'
import type { PinTags } from '../providers/types.js'
import { pinCids, publish, type BuildStep, type PublishOptions } from './build.js'
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
  for (const k of nameKinds(config.names, config.context)) await k.prepare?.(host)
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
  let thrown: unknown
  // The run's outcome, filled in by each step; its views (outputs, summary, comment) are
  // written at the end on every path, failures included (src/run/outcome.ts).
  const outcome = startOutcome(plan, {
    scope: config.naming.scope,
    configured: config.providers.length,
    ...(config.names.ipns?.key !== undefined ? { ipnsName: config.names.ipns.key.name } : {}),
  })
  let feedback: Feedback | undefined
  try {
    // The pin name is input too: fail on a template this run cannot fill before any work (the
    // session's time limit is armed only by its first request).
    const tags =
      config.mode === 'deploy' && config.providers.length > 0
        ? pinTags(renderName(config), config, new Date(session.startedAt))
        : undefined
    // One GitHub client for the run: the feedback writes, the history reads (src/run/github.ts).
    const github = openGithub(config, session)
    feedback = createFeedback(config, plan, session, host, github)
    await feedback?.start()
    // A name that cannot be set (ENS: a signer that may not write) fails here, before anything
    // is built or uploaded.
    if (plan.names === 'set')
      for (const k of nameKinds(config.names, config.context))
        await k.preflight?.({ decision: plan.decision, session, host })
    await deploy(config, plan, host, tags, opts, session, outcome)
    await finish(config, plan, host, outcome, session, tags, deploymentsOf(config, github))
  } catch (err) {
    // A step that threw still leaves what it knew (the CID, once built) in the outcome.
    thrown = err
    fail(outcome, session.clean(errorMessage(err)))
  }
  try {
    return await report(plan, host, outcome, feedback)
  } catch (err) {
    // The error a step threw is the one the run fails with (src/run/run.ts describeFailure).
    throw thrown ?? err
  } finally {
    session.close()
  }
}

/** The deploy phase, filling in the outcome's content and providers (nothing on other modes). */
async function deploy(
  config: Config,
  plan: RunPlan,
  host: Host,
  tags: PinTags | undefined,
  opts: RunOptions,
  session: Session,
  outcome: Outcome,
): Promise<void> {
  if (plan.mode !== 'deploy') return
  const { content } = config
  const step: BuildStep = {
    gateway: plan.decision.gateway,
    upload: {
      dryRun: plan.dryRun,
      providers: config.providers,
      pinning: config.pinning,
      ...(content.kind === 'path'
        ? {
            built: {
              profile: content.profile,
              params: content.params,
              wrapWithDirectory: content.wrapWithDirectory,
            },
          }
        : {}),
      restore: (cids) => mayRestore(cleanupOptions(config), session, cids),
    },
  }
  if (content.kind === 'cid') {
    if (tags === undefined) throw new Error('pinning CIDs needs providers (readConfig checks)')
    return pinCids(step, content.cids, host, tags, session, outcome)
  }
  if (content.kind === 'path') return publish(step, content, host, tags, opts, session, outcome)
  throw new Error(`content kind ${content.kind} reached run()`)
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
