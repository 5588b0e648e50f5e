/**
 * The tail of every run: make the content live at its names (retrieval check, each name kind),
 * clean up earlier deployments (never what a name points to), read this run's claims back
 * (`finish`); then the views of the outcome, on every path: outputs, the summary and GitHub
 * feedback (`report`); then the step's result.
 */
import { CID } from 'multiformats/cid'
import type { Config } from '../config/types.js'
import { cleanup, type CleanupOptions } from '../cleanup/cleanup.js'
import { newerDeployment, reconfirm } from '../cleanup/concurrent.js'
import { DeployError, errorMessage } from '../errors.js'
import type { Feedback } from './feedback.js'
import type { Host } from '../io.js'
import type { OutputName } from '../inputs/action-spec.generated.js'
import { fail, outputsOf, type Outcome } from './outcome.js'
import { eachKind, goLive, protectedByNames, type LiveResult } from './go-live.js'
import type { NameEnv } from '../names/kind.js'
import type { PinTags } from '../providers/types.js'
import { nameKinds } from '../names/kinds.js'
import type { RunPlan } from './plan.js'
import { rollBack, scopeHistory, type DeploymentsSource, type RolledBack } from './rollback.js'
import { CHECK_SKIPPED_DRY_RUN, renderJobSummary } from './summary.js'
import type { Session } from '../http/session.js'

export interface RunResult {
  readonly cid: string
  readonly outputs: Readonly<Partial<Record<OutputName, string>>>
}

/** What cleanup reads of the configuration (src/cleanup/cleanup.ts). */
export const cleanupOptions = (config: Config): CleanupOptions => ({
  ...config.cleanup,
  scope: config.naming.scope,
  providers: config.providers,
})

/**
 * After the deploy: the names, cleanup and the claims read back, each filling in the outcome.
 * `tags`: the labels this run pinned with (none when it pins nothing).
 */
export async function finish(
  config: Config,
  plan: RunPlan,
  host: Host,
  outcome: Outcome,
  session: Session,
  tags?: PinTags,
  deployments?: DeploymentsSource,
): Promise<void> {
  const cleanupOpts = cleanupOptions(config)
  // The name kinds of this run (none when a later run of the scope keeps the names).
  const env: NameEnv = { decision: plan.decision, session, host }
  const kinds = nameKinds(config.names, config.context)
  // Live at its names: after a deploy that succeeded; on cleanup, the PR's own names go first;
  // a rollback sets them to an earlier deployment (src/run/rollback.ts).
  let live: LiveResult | undefined
  let rolled: RolledBack | undefined
  if (plan.mode === 'rollback') {
    live = rolled = await rollBack(config, plan, kinds, env, host, deployments)
    if (rolled.target !== undefined) {
      // The target plays the part of the run's content: its outputs, and cleanup keeps it.
      const root = CID.parse(rolled.target)
      outcome.content = {
        root,
        cids: [root],
        gatewayUrl: `${plan.decision.gateway.replace(/\/+$/, '')}/ipfs/${rolled.target}`,
      }
    }
    outcome.rollback = {
      ...(rolled.from !== undefined ? { from: rolled.from } : {}),
      ...(rolled.sha !== undefined ? { sha: rolled.sha } : {}),
      state:
        rolled.target === undefined ? 'refused' : rolled.failure !== undefined ? 'failed' : 'live',
    }
  }
  const content = outcome.content
  const deployed = content?.cids.map((c) => c.toString()) ?? []
  if (
    rolled === undefined &&
    plan.names === 'set' &&
    outcome.failure === undefined &&
    content !== undefined
  ) {
    // A later run of the scope that already deployed keeps the names (docs/concurrency.md).
    const later =
      !plan.dryRun && hasNames(config)
        ? await newerDeployment(cleanupOpts, session, deployed, host)
        : undefined
    if (later !== undefined)
      host.warning(
        `A later run of scope "${config.naming.scope}" already deployed ${later.cid} (${new Date(later.time).toISOString()}): the names were left to it, so that they never move back to an older deployment.`,
      )
    live = await goLive(
      content.root,
      content.index,
      plan.check ? config.names.check : undefined,
      later !== undefined ? [] : kinds,
      env,
    )
  } else if (plan.names === 'retire') live = await eachKind(kinds, 'retire', env)
  else if (plan.names === 'republish') live = await eachKind(kinds, 'republish', env)
  if (live !== undefined) {
    const { checks, failure, ...names } = live
    outcome.namesRan = true
    outcome.checks = checks
    Object.assign(outcome.names, names)
    if (failure !== undefined) fail(outcome, failure)
    const skipped = plan.build !== 'none' && plan.dryRun && config.names.check !== undefined
    if (skipped) {
      host.info(`Retrieval check: ${CHECK_SKIPPED_DRY_RUN}`)
      outcome.checkSkipped = CHECK_SKIPPED_DRY_RUN
    }
  }

  // Cleanup: after a deploy only when it succeeded, and only where it did; never what a name
  // points to.
  const wantsScope = plan.cleanUp?.scope !== undefined
  const named =
    outcome.failure === undefined && plan.cleanUp !== undefined
      ? await protectedByNames(kinds, env)
      : undefined
  if (named?.error !== undefined) {
    fail(outcome, `Nothing was unpinned: ${named.error}.`)
    host.error(`Nothing was unpinned: ${named.error}.`)
  } else if (named !== undefined) {
    const ok = new Set(
      outcome.providers
        .filter((r) => r.status !== 'failed' && r.status !== 'mismatch')
        .map((r) => r.provider),
    )
    const report = await cleanup(
      cleanupOpts,
      host,
      {
        ...(plan.cleanUp?.scope !== undefined ? { scope: plan.cleanUp.scope } : {}),
        current: deployed,
        providers: config.providers
          .map((p) => p.id)
          .filter((id) => plan.mode !== 'deploy' || ok.has(id)),
        named: [...named.cids, ...(rolled?.keep !== undefined ? [rolled.keep] : [])],
        names: () => protectedByNames(kinds, env),
      },
      session,
    )
    outcome.cleanup = report
    if (report.errors.length > 0) fail(outcome, report.errors.join('\n'))
  } else if (outcome.failure !== undefined && wantsScope && plan.mode === 'deploy')
    host.warning('Earlier deployments were left pinned: this deploy did not succeed.')

  // The scope's history, newest first, after this run's changes (docs/rollback.md#history); not
  // after a failure: a provider that refused this run is not asked again.
  if ((plan.mode === 'deploy' || plan.mode === 'rollback') && outcome.failure === undefined) {
    const cid = content?.root.toString()
    const h = await scopeHistory(
      config,
      session,
      host,
      { live: cid !== undefined ? [cid] : (named?.cids.map((c) => c.cid) ?? []), current: cid },
      deployments,
    )
    if (h !== undefined) outcome.history = h
  }

  // This run's claims, read back once more: another run may have dropped one meanwhile.
  if (tags !== undefined && plan.build !== 'none' && !plan.dryRun && outcome.providers.length > 0) {
    const lost = await reconfirm(cleanupOpts, tags, session, host, outcome.providers)
    for (const m of lost) host.error(m)
    if (lost.length > 0) fail(outcome, lost.join('\n'))
  }
}

/**
 * The views of the outcome, on every path: the outputs, the job summary, the GitHub feedback;
 * then the step's result, or the failure.
 */
export async function report(
  plan: RunPlan,
  host: Host,
  outcome: Outcome,
  feedback: Feedback | undefined,
): Promise<RunResult> {
  // Outputs and the summary are set even when a step failed: they say what happened.
  const outputs = outputsOf(outcome)
  for (const [k, v] of Object.entries(outputs)) host.setOutput(k, v)
  if (plan.feedback.summary) {
    try {
      await host.writeSummary(renderJobSummary(outcome))
    } catch (err) {
      // The summary is a report, not the deliverable: a full disk there must not fail a good deploy.
      host.warning(`Could not write the job summary: ${errorMessage(err)}`)
    }
  }
  if (feedback !== undefined) {
    await feedback.finish(outcome)
    outcome.feedback.errors.push(...feedback.errors)
    for (const e of feedback.errors) host.error(e)
    if (feedback.errors.length > 0 && outcome.failure === undefined)
      fail(outcome, feedback.errors.join('\n'))
  }
  if (outcome.failure !== undefined) throw new DeployError(outcome.failure)
  return { cid: outputs.cid ?? '', outputs }
}

/** Whether the run sets any name (DNSLink, IPNS). */
const hasNames = (config: Config): boolean =>
  config.names.ipns !== undefined ||
  (config.names.dns !== undefined && config.names.dnslink.length > 0)
