/**
 * The run plan: what this run does, decided once at its start from the mode, the event and the
 * inputs, before any network call. What it builds, where it uploads, what it does at the names,
 * whether the retrieval check runs, what it may clean up, which feedback it writes, whether it
 * is a dry run; and the decision of what each event may change (`may`, src/config/may-change.ts),
 * which every write asks. Steps get the part they need; none reads the dry-run input or the
 * event itself.
 */
import type { MayChange, Mode } from '../config/may-change.js'
import type { Config } from '../config/types.js'
import type { NameDecision } from '../names/kind.js'

export interface RunPlan {
  readonly mode: Mode
  /** Nothing is written: every step says what it would do. */
  readonly dryRun: boolean
  /** What each event may change: which pins, names, records and comments. */
  readonly may: MayChange
  /** A folder built into a DAG and CAR here, CIDs given (`cid`), or nothing. */
  readonly build: 'path' | 'cid' | 'none'
  /** The providers that upload or pin, by id, in input order (none when no pin may be made). */
  readonly upload: readonly string[]
  /** What the run does at its names (each name kind asks `may` for each name). */
  readonly names: 'set' | 'retire' | 'republish' | 'none'
  /** The retrieval check runs before the names are set (not on a dry run: nothing was sent). */
  readonly check: boolean
  /** What cleanup may unpin: the scope's earlier deployments, all of the scope, listed CIDs. */
  readonly cleanUp?: { readonly scope?: 'all' | 'previous'; readonly listed: number }
  /** The feedback it writes. */
  readonly feedback: {
    readonly summary: boolean
    readonly comment: boolean
    readonly status: boolean
    readonly deployment: boolean
  }
  /** The part the name kinds ask (src/names/kind.ts). */
  readonly decision: NameDecision
}

export function planRun(config: Config): RunPlan {
  const { may } = config
  const dryRun = config.cleanup.dryRun
  const build = config.mode === 'deploy' ? config.content.kind : 'none'
  const unpin = may.pins.unpin
  const listed = config.cleanup.unpin.length
  return {
    mode: config.mode,
    dryRun,
    may,
    build,
    upload: build !== 'none' ? config.providers.map((p) => p.id) : [],
    names:
      config.mode === 'cleanup'
        ? 'retire'
        : config.mode === 'republish'
          ? 'republish'
          : build === 'none' && config.mode !== 'rollback'
            ? 'none'
            : 'set',
    // A rollback checks its target as a deploy checks what it uploaded (src/run/rollback.ts).
    check:
      (config.mode === 'deploy' || config.mode === 'rollback') &&
      !dryRun &&
      config.names.check !== undefined,
    ...(unpin !== 'none' || listed > 0
      ? {
          cleanUp: {
            ...(unpin !== 'none' ? { scope: unpin === 'scope' ? 'all' : 'previous' } : {}),
            listed,
          } as const,
        }
      : {}),
    feedback: {
      summary: config.report.summary,
      comment: may.github.comment,
      status: may.github.status,
      deployment: may.github.deployment,
    },
    decision: { may, dryRun, gateway: config.report.gateway },
  }
}
