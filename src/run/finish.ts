/**
 * The tail of every run: make the content live at its names (retrieval check, DNSLink), clean
 * up earlier deployments (never what a name points to), then outputs, the summary and GitHub
 * feedback; then the step's result.
 */
import { describeMayChange } from '../config/may-change.js'
import type { Config } from '../config/types.js'
import { cleanup, type CleanupReport } from '../cleanup/cleanup.js'
import { newerDeployment, reconfirm } from '../cleanup/concurrent.js'
import { DeployError, errorMessage } from '../errors.js'
import type { Feedback } from './feedback.js'
import type { Host } from '../io.js'
import type { Phase } from './build.js'
import { eachKind, goLive, protectedByNames, type LiveResult } from './go-live.js'
import type { NameEnv } from '../names/kind.js'
import { nameKinds } from '../names/kinds.js'
import type { RunPlan } from './plan.js'
import { rollBack, scopeHistory, type RolledBack } from './rollback.js'
import { ensViews } from '../names/ens.js'
import {
  CHECK_SKIPPED_DRY_RUN,
  renderCleanupSummary,
  renderHeadline,
  renderIpnsSummary,
  renderLiveSummary,
  renderMayChangeSummary,
} from './summary.js'
import type { Session } from '../http/session.js'

export interface RunResult {
  readonly cid: string
  readonly outputs: Readonly<Record<string, string>>
}

/** Cleanup, outputs, summary, GitHub feedback; then the step's result. */
export async function finish(
  config: Config,
  plan: RunPlan,
  host: Host,
  done: Phase,
  feedback: Feedback | undefined,
  session: Session,
): Promise<RunResult> {
  // The name kinds of this run (none when a later run of the scope keeps the names).
  const env: NameEnv = { decision: plan.decision, session, host }
  const kinds = nameKinds(config.names, config.context)
  // Live at its names: after a deploy that succeeded; on cleanup, the PR's own names go first.
  let live: LiveResult | undefined
  let rolled: RolledBack | undefined
  if (plan.mode === 'rollback') {
    live = rolled = await rollBack(config, plan, kinds, env, host)
    if (rolled.target !== undefined) {
      done.outputs.cid = rolled.target
      done.outputs['gateway-url'] =
        `${config.report.gateway.replace(/\/+$/, '')}/ipfs/${rolled.target}`
      // In this run the target plays the part of the run's own deployment: cleanup keeps it.
      done.deployed.push(rolled.target)
    }
    done.outputs['rollback-from'] = rolled.from ?? ''
  } else if (plan.names === 'set' && done.failure === undefined && done.root !== undefined) {
    // A later run of the scope that already deployed keeps the names (docs/concurrency.md).
    const later =
      !plan.dryRun && hasNames(config)
        ? await newerDeployment(config, session, done.deployed, host)
        : undefined
    if (later !== undefined)
      host.warning(
        `A later run of scope "${config.naming.scope}" already deployed ${later.cid} (${new Date(later.time).toISOString()}): the names were left to it, so that they never move back to an older deployment.`,
      )
    live = await goLive(
      done.root,
      done.index,
      plan.check ? config.names.check : undefined,
      later !== undefined ? [] : kinds,
      env,
    )
  } else if (plan.names === 'retire') live = await eachKind(kinds, 'retire', env)
  else if (plan.names === 'republish') live = await eachKind(kinds, 'republish', env)
  if (live?.failure !== undefined) done.failure = live.failure
  const ipnsKey = config.names.ipns?.key
  if (ipnsKey !== undefined) done.outputs['ipns-name'] = ipnsKey.name
  if (live !== undefined) {
    done.outputs.results = JSON.stringify([...done.results, ...live.checks])
    done.outputs.dnslink = JSON.stringify(live.dnslink)
    done.outputs['dnslink-url'] = live.dnslink.find((c) => c.url !== undefined)?.url ?? ''
    if (live.ipns !== undefined) {
      done.outputs['ipns-url'] = live.ipns.url
      done.outputs['ipns-path-url'] = live.ipns.pathUrl
      const { failure: _f, ...record } = live.ipns
      done.outputs.ipns = JSON.stringify(record)
      done.summary += renderIpnsSummary(live.ipns)
    }
    if (live.ens !== undefined) {
      const ens = ensViews(config.names, live.ens)
      if (ens !== undefined) {
        Object.assign(done.outputs, ens.outputs)
        done.summary += ens.summary
      }
    }
    const skipped = plan.build !== 'none' && plan.dryRun && config.names.check !== undefined
    if (skipped) host.info(`Retrieval check: ${CHECK_SKIPPED_DRY_RUN}`)
    done.summary += renderLiveSummary(
      live.checks,
      live.dnslink,
      skipped ? { checkSkipped: CHECK_SKIPPED_DRY_RUN } : {},
    )
  }

  // Cleanup: after a deploy only when it succeeded, and only where it did; never what a name
  // points to.
  const wantsScope = plan.cleanUp?.scope !== undefined
  let report: CleanupReport | undefined
  const named =
    done.failure === undefined && plan.cleanUp !== undefined
      ? await protectedByNames(kinds, env)
      : undefined
  if (named?.error !== undefined) {
    done.failure = `Nothing was unpinned: ${named.error}.`
    host.error(done.failure)
  } else if (named !== undefined) {
    const ok = new Set(
      done.results
        .filter((r) => r.status !== 'failed' && r.status !== 'mismatch')
        .map((r) => r.provider),
    )
    report = await cleanup(
      config,
      host,
      {
        ...(plan.cleanUp?.scope !== undefined ? { scope: plan.cleanUp.scope } : {}),
        current: done.deployed,
        providers: config.providers
          .map((p) => p.id)
          .filter((id) => plan.mode !== 'deploy' || ok.has(id)),
        named: [...named.cids, ...(rolled?.keep !== undefined ? [rolled.keep] : [])],
        names: () => protectedByNames(kinds, env),
      },
      session,
    )
    done.outputs.unpinned = JSON.stringify(report.unpinned)
    done.summary += renderCleanupSummary(report, { heading: plan.mode !== 'cleanup' })
    if (report.errors.length > 0) done.failure = report.errors.join('\n')
  } else if (done.failure !== undefined && wantsScope && plan.mode === 'deploy')
    host.warning('Earlier deployments were left pinned: this deploy did not succeed.')

  // This run's claims, read back once more: another run may have dropped one meanwhile.
  if (plan.build !== 'none' && !plan.dryRun && done.results.length > 0) {
    const lost = await reconfirm(config, session, host, done.results)
    for (const m of lost) host.error(m)
    if (lost.length > 0) done.failure = [done.failure, ...lost].filter(Boolean).join('\n')
  }

  // The scope's history, newest first, after this run's changes (docs/rollback.md#history).
  // Not after a failure: the summary is about what went wrong, and a provider that refused this
  // run is not asked again.
  if ((plan.mode === 'deploy' || plan.mode === 'rollback') && done.failure === undefined) {
    const liveCids =
      done.outputs.cid !== undefined && done.outputs.cid !== ''
        ? [done.outputs.cid]
        : (named?.cids.map((c) => c.cid) ?? [])
    const history = await scopeHistory(config, session, host, liveCids, done.outputs.cid)
    if (history !== undefined) {
      done.outputs.history = history.output
      done.summary += history.markdown
    }
  }

  // What this run may change closes the summary: the decision every step above asked.
  done.summary += renderMayChangeSummary(describeMayChange(plan.may))

  // Outputs and the summary are set even when a provider failed: they say what happened.
  for (const [k, v] of Object.entries(done.outputs)) host.setOutput(k, v)
  done.summary = withHeadline(done.summary, {
    mode: plan.mode,
    dryRun: plan.dryRun,
    ...(done.outputs.cid !== undefined ? { cid: done.outputs.cid } : {}),
    url:
      done.outputs['dnslink-url'] ||
      done.outputs['ipns-url'] ||
      (config.providers.length > 0 ? done.outputs['gateway-url'] : undefined),
    providers: config.providers.length,
    results: done.results,
    scope: config.naming.scope,
    ...(report !== undefined ? { unpinned: report } : {}),
    ...(live?.ipns !== undefined ? { ipns: { name: live.ipns.name, value: live.ipns.value } } : {}),
    ...(done.failure !== undefined ? { failure: done.failure.split('\n')[0] ?? '' } : {}),
  })
  if (plan.feedback.summary && done.summary !== '') {
    try {
      await host.writeSummary(done.summary)
    } catch (err) {
      // The summary is a report, not the deliverable: a full disk there must not fail a good deploy.
      host.warning(`Could not write the job summary: ${errorMessage(err)}`)
    }
  }
  if (feedback !== undefined) {
    const cid = done.outputs.cid
    await feedback.finish({
      ok: done.failure === undefined,
      ...(cid !== undefined && cid !== '' ? { cid, gatewayUrl: done.outputs['gateway-url'] } : {}),
      ...(done.subdomainUrl !== undefined ? { subdomainUrl: done.subdomainUrl } : {}),
      ...(live !== undefined ? { checks: live.checks, dnslink: live.dnslink } : {}),
      ...(live?.ipns !== undefined
        ? {
            ipns: {
              name: live.ipns.name,
              url: live.ipns.url,
              published: live.ipns.failure === undefined && !live.ipns.dryRun,
            },
          }
        : {}),
      ...(done.outputs.size !== undefined && done.outputs.size !== ''
        ? { size: Number(done.outputs.size) }
        : {}),
      results: done.results,
      ...(report !== undefined ? { cleanup: report } : {}),
      ...(done.failure !== undefined ? { problem: done.failure.split('\n')[0] } : {}),
    })
    for (const e of feedback.errors) host.error(e)
    if (feedback.errors.length > 0 && done.failure === undefined)
      done.failure = feedback.errors.join('\n')
  }
  if (done.failure !== undefined) throw new DeployError(done.failure)
  return { cid: done.outputs.cid ?? '', outputs: done.outputs }
}

/** The summary with its first line (the phase's heading) replaced by the headline. */
function withHeadline(summary: string, h: Parameters<typeof renderHeadline>[0]): string {
  const rest = summary.startsWith('### ') ? summary.slice(summary.indexOf('\n') + 1) : summary
  return `${renderHeadline(h)}\n${rest}`
}

/** Whether the run sets any name (DNSLink, IPNS). */
const hasNames = (config: Config): boolean =>
  config.names.ipns !== undefined ||
  (config.names.dns !== undefined && config.names.dnslink.length > 0)
