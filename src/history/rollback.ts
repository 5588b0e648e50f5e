/**
 * `mode: rollback` (docs/rollback.md): point this scope's names back to an earlier deployment,
 * chosen from its history, with no build and no upload. This file decides, without a network:
 * - what `to` asks for (`''` the previous deployment, a CID, or `n` deployments back);
 * - which history entry that is, counted from the deployment the names point to now;
 * - whether the run may roll back at all (never for a pull request);
 * - what cleanup keeps because of it.
 * The run checks that the target is still pinned (src/history/read.ts, `stillPinned`), then
 * runs the retrieval check on it, then sets the names, in that order, and stops at the first
 * refusal before any name changes.
 */
import { cidKey, parseCid } from '../cid.js'
import { InputError, quote } from '../errors.js'
import type { History, HistoryEntry } from './history.js'
import type { PinCheck } from './read.js'

/** What `to` asks for. */
export type RollbackTo =
  | { readonly kind: 'previous' }
  | { readonly kind: 'cid'; readonly cid: string }
  | { readonly kind: 'back'; readonly n: number }

/** The furthest `to: <n>` may reach: the history the run reads is bounded (src/history/history.ts). */
export const MAX_BACK = 100

const ALLOWED = `Allowed: empty (the deployment before the one the names point to now), a number of deployments back from 1 to ${MAX_BACK} ("1" is the previous one), or a CID this scope deployed (any form: "bafy…", "Qm…", "ipfs://…").`

/** Reads `to`: before any network call; an `InputError` naming the input otherwise. */
export function parseRollbackTo(raw: string, input = 'to'): RollbackTo {
  const v = raw.trim()
  if (v === '' || v.toLowerCase() === 'previous') return { kind: 'previous' }
  if (/^\d+$/.test(v)) {
    const n = Number(v)
    if (n < 1 || n > MAX_BACK)
      throw new InputError(
        input,
        `Input "${input}" has ${quote(raw)}, which is not allowed. ${ALLOWED}`,
      )
    return { kind: 'back', n }
  }
  const cid = parseCid(
    v
      .replace(/^ipfs:\/\//i, '')
      .replace(/^\/ipfs\//, '')
      .replace(/\/+$/, ''),
  )
  if (cid === undefined)
    throw new InputError(
      input,
      `Input "${input}" has ${quote(raw)}, which is not allowed. ${ALLOWED}`,
    )
  return { kind: 'cid', cid: cid.toV1().toString() }
}

export type RollbackFailure =
  /** No deployment in the history fits `to`. */
  | 'no-target'
  /** The target is pinned nowhere any more: the names would point at content nobody serves. */
  | 'not-pinned'
  /** The run is for a pull request. */
  | 'refused'

export class RollbackError extends Error {
  override readonly name: string = 'RollbackError'
  constructor(
    readonly reason: RollbackFailure,
    message: string,
  ) {
    super(message)
  }
}

/** The deployment a rollback moves the names to. */
export interface RollbackChoice {
  readonly target: HistoryEntry
  /** The deployment the names point to now, when the history holds it. */
  readonly from?: HistoryEntry
  /** The names already point to the target: nothing to change. */
  readonly alreadyLive: boolean
  /** How the target was chosen, in our words (for the log and the summary). */
  readonly why: string
}

export interface ChooseOptions {
  /**
   * CIDs the names point to now (any form), from reading each name; undefined when no name
   * could be read. Several (names that disagree): the newest of them counts as current.
   */
  readonly live?: readonly string[]
  readonly input?: string
}

const short = (e: HistoryEntry): string => `${e.cid}${e.time !== undefined ? ` (${e.time})` : ''}`

/**
 * The entry `to` names. `previous` and `n` count back from the deployment the names point to
 * now; when no name could be read, or they point to nothing this scope deployed, from the newest.
 * A CID must be one this scope deployed (in its history); pinned state is checked afterwards.
 */
export function chooseRollbackTarget(
  h: History,
  to: RollbackTo,
  opts: ChooseOptions = {},
): RollbackChoice {
  const input = opts.input ?? 'to'
  const entries = h.entries
  const live = new Set((opts.live ?? []).map(cidKey))
  const fromIndex = entries.findIndex((e) => live.has(e.cid))
  const from = fromIndex >= 0 ? entries[fromIndex] : undefined
  const alreadyLive = (t: HistoryEntry): boolean => live.has(t.cid)
  const incomplete =
    h.incomplete.length > 0
      ? ` The listing of ${h.incomplete.join(', ')} failed, so the history may miss some.`
      : ''

  if (to.kind === 'cid') {
    const target = entries.find((e) => e.cid === to.cid)
    if (target === undefined)
      throw new RollbackError(
        'no-target',
        `Input "${input}" names ${to.cid}, which is not a deployment of scope "${h.scope}": no provider lists a pin of it with this scope's label, and no GitHub Deployment read names it${h.truncated ? ' among the deployments read' : ''}.${incomplete} A rollback goes back to what this scope deployed; to put other content live, deploy it.`,
      )
    return {
      target,
      ...(from !== undefined ? { from } : {}),
      alreadyLive: alreadyLive(target),
      why: `${input}: ${to.cid}`,
    }
  }

  const n = to.kind === 'back' ? to.n : 1
  // Count from what the names show; else from the newest deployment.
  const base = fromIndex >= 0 ? fromIndex : 0
  const basis =
    fromIndex >= 0
      ? `the deployment the names point to, ${short(entries[fromIndex] as HistoryEntry)}`
      : opts.live === undefined
        ? 'the newest deployment (the names could not be read)'
        : 'the newest deployment (the names point to nothing this scope deployed)'
  const target = entries[base + n]
  if (target === undefined) {
    const older = Math.max(0, entries.length - base - 1)
    throw new RollbackError(
      'no-target',
      `Input "${input}" asks for ${n === 1 ? 'the previous deployment' : `${n} deployments back`} of scope "${h.scope}", counted from ${basis}, but the history holds ${older === 0 ? 'no older deployment' : `only ${older} older`}.${incomplete}`,
    )
  }
  return {
    target,
    ...(from !== undefined ? { from } : {}),
    alreadyLive: alreadyLive(target),
    why: `${n === 1 ? 'the previous deployment' : `${n} deployments back`}, counted from ${basis}`,
  }
}

/**
 * The check before any name changes: the target must be pinned on at least one provider now
 * (`stillPinned`). A provider that could not answer does not count either way; when no provider
 * holds it, the error says what each one answered.
 */
export function assertStillPinned(check: PinCheck, target: HistoryEntry): void {
  if (check.pinnedOn.length > 0) return
  const answers = [
    ...check.notPinned.map((p) => `${p.provider}: ${p.state}`),
    ...check.unknown.map((p) => `${p.provider}: could not tell (${p.why})`),
  ]
  throw new RollbackError(
    'not-pinned',
    `The rollback target ${target.cid} is not pinned on any provider now (${answers.join('; ') || 'no provider configured'}); no name was changed. Pick another deployment with "to", or deploy it again.`,
  )
}

/** Why a rollback is refused for this run, or undefined when it may go on. */
export function rollbackRefusal(run: {
  readonly pullRequest?: { readonly number?: number }
}): string | undefined {
  if (run.pullRequest === undefined) return undefined
  const which =
    run.pullRequest.number !== undefined
      ? `pull request #${run.pullRequest.number}`
      : 'a pull request'
  return `"mode: rollback" is refused: this run is for ${which}, and pull requests never change a production name. Run the rollback from the default branch (workflow_dispatch).`
}

/**
 * What cleanup keeps because of a rollback: in the rollback run the target plays the part of the
 * run's own deployment (pass it in cleanup's `current`); afterwards the names point to it, and
 * cleanup keeps whatever a name points to (`named`). This entry, added to `named`, keeps it also
 * while a name change is pending (a Safe proposal not yet executed). The next deploy points the
 * names elsewhere and treats the target like any older deployment.
 */
export function rollbackKeep(target: string): { readonly cid: string; readonly reason: string } {
  return { cid: cidKey(target), reason: 'the target of this rollback' }
}
