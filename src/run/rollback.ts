/**
 * `mode: rollback` and the deployment history in the run (docs/rollback.md), on
 * src/history/: the refusal and `to` checked up front (`checkRollback`, before any network
 * call); then `rollBack`: the scope's history, where the names point now, the target chosen,
 * still pinned, the retrieval check on it, and every name kind set to it. A rollback moves the
 * names back to an older deployment on purpose: the rule that names move only forward
 * (docs/concurrency.md) is set aside for this run, and the log says so. `scopeHistory` is the
 * history every deploy shows in its summary and `history` output.
 */
import { CID } from 'multiformats/cid'
import { checkRetrieval, type GatewayResult } from '../check/retrieval.js'
import type { Config } from '../config/types.js'
import { DeployError, errorMessage } from '../errors.js'
import {
  historyMarkdown,
  historyOutput,
  parseRollbackTo,
  pinnedOn,
  readHistory,
  rollback,
  rollbackKeep,
  rollbackRefusal,
  RollbackError,
  type HistorySources,
  type RollbackOutcome,
} from '../history/index.js'
import type { Session } from '../http/session.js'
import type { Host } from '../io.js'
import type { KindStep, NameEnv, NameKind, NameResults } from '../names/kind.js'
import { createProvider } from '../providers/registry.js'
import { protectedByNames, type LiveResult } from './go-live.js'
import type { RunPlan } from './plan.js'

/** Refused on a pull request; `to` read: both before any network call. */
export function checkRollback(config: Config, plan: RunPlan): void {
  if (plan.mode !== 'rollback') return
  const pr = plan.may.pullRequest
  const refused = rollbackRefusal(pr !== undefined ? { pullRequest: pr } : {})
  if (refused !== undefined) throw new DeployError(refused)
  parseRollbackTo(config.history.to)
}

export interface RolledBack extends LiveResult {
  /** The deployment the names now point to (or would, on a dry run). */
  readonly target?: string
  /** The deployment they pointed to before, when the history holds it. */
  readonly from?: string
  /** The target's commit, when the history knows it. */
  readonly sha?: string
  /** What cleanup keeps because of the rollback. */
  readonly keep?: { readonly cid: string; readonly reason: string }
}

const providersOf = (config: Config, session: Session) =>
  config.providers.map((c) => createProvider(c, session.deps))

/** The scope's GitHub Deployments, when the run reads them (src/run/github.ts, `deploymentsOf`). */
export type DeploymentsSource = HistorySources['github']

/** The rollback itself: the first refusal stops it before any name changes. */
export async function rollBack(
  config: Config,
  plan: RunPlan,
  kinds: readonly NameKind[],
  env: NameEnv,
  host: Host,
  deployments?: DeploymentsSource,
): Promise<RolledBack> {
  const { session } = env
  const providers = providersOf(config, session)
  const results: NameResults = { dnslink: [] }
  let checks: GatewayResult[] = []
  let failure: string | undefined
  const check = plan.check ? config.names.check : undefined
  let outcome: RollbackOutcome
  try {
    outcome = await rollback(
      {
        to: config.history.to,
        ...(plan.may.pullRequest !== undefined ? { pullRequest: plan.may.pullRequest } : {}),
      },
      {
        history: () =>
          readHistory({
            scope: config.naming.scope,
            providers,
            ...(deployments !== undefined ? { github: deployments } : {}),
            signal: session.limit(),
            clean: (t) => session.clean(t),
            warn: (m) => host.warning(m),
          }),
        live: async () => {
          const named = await protectedByNames(kinds, env)
          if (named.error !== undefined) {
            host.warning(`Rollback: ${named.error}; counting from the newest deployment.`)
            return undefined
          }
          return named.cids.map((c) => c.cid)
        },
        stillPinned: pinnedOn(providers, session.limit()),
        ...(check !== undefined
          ? {
              retrieval: async (cid: string) => {
                checks = await checkRetrieval(CID.parse(cid), undefined, check, session, (m) =>
                  host.info(m),
                )
                const failed = checks.filter((c) => c.status === 'failed')
                if (failed.length === 0) return
                const why = `The retrieval check of the rollback target ${cid} failed: ${failed.map((f) => `${f.gateway}: ${f.error ?? 'failed'}`).join('; ')}`
                if (check.policy === 'fail') throw new DeployError(`${why}. No name was changed.`)
                host.warning(`${why} (check-policy: warn).`)
              },
            }
          : {}),
        setNames: async (cid) => {
          host.notice(
            `Rollback: the names of scope "${config.naming.scope}" move back to ${cid}, an older deployment. Names otherwise only move forward (docs/concurrency.md); a rollback is the one run that moves them back.`,
          )
          for (const [i, k] of kinds.entries()) {
            const step: KindStep = await k.set(`/ipfs/${cid}`, env)
            const { failure: f, ...r } = step
            Object.assign(results, r)
            if (f !== undefined) {
              for (const rest of kinds.slice(i + 1))
                Object.assign(results, rest.unchanged(k.notSet, env))
              failure = f
              return
            }
          }
        },
        log: (m) => host.info(m),
      },
    )
  } catch (err) {
    if (err instanceof RollbackError || err instanceof DeployError)
      return { checks, ...results, failure: session.clean(err.message) }
    throw err
  }
  const target = outcome.target.cid
  return {
    checks,
    ...results,
    target,
    ...(outcome.from !== undefined ? { from: outcome.from.cid } : {}),
    ...(outcome.target.sha !== undefined ? { sha: outcome.target.sha } : {}),
    keep: rollbackKeep(target),
    ...(failure !== undefined ? { failure } : {}),
  }
}

/**
 * The scope's history for the summary and the `history` output, read after the run's own
 * changes (a failure to read only leaves it out, with a warning).
 */
export async function scopeHistory(
  config: Config,
  session: Session,
  host: Host,
  view: { readonly live: readonly string[]; readonly current?: string | undefined },
  deployments?: DeploymentsSource,
): Promise<{ output: string; markdown: string } | undefined> {
  if (!config.history.show || config.providers.length === 0) return undefined
  const { live, current } = view
  try {
    const h = await readHistory({
      scope: config.naming.scope,
      providers: providersOf(config, session),
      ...(deployments !== undefined ? { github: deployments } : {}),
      signal: session.limit(),
      clean: (t) => session.clean(t),
      warn: (m) => host.warning(m),
    })
    return {
      output: historyOutput(h, { live }),
      markdown: historyMarkdown(h, { live, ...(current !== undefined ? { current } : {}) }),
    }
  } catch (err) {
    host.warning(`The deployment history could not be read: ${session.clean(errorMessage(err))}`)
    return undefined
  }
}
