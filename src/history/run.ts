/**
 * The two flows the run calls (docs/rollback.md), written against small ports the run fills in,
 * so their order is fixed here and tested without the run:
 * - `readHistory`: the scope's history for every deploy's summary and `history` output (the
 *   providers' listings, and GitHub Deployments where the run reads them; a failure of either
 *   only makes the history incomplete);
 * - `rollback`: refuse on a pull request, read `to`, read the history and where the names point,
 *   choose the target, check it is still pinned, run the retrieval check, and only then set the
 *   names. The first refusal throws, before any name changes.
 */
import { errorMessage, InputError } from '../errors.js'
import type { Provider } from '../providers/types.js'
import { readGithubDeployments, type GetJson } from './github.js'
import { buildHistory, type History } from './history.js'
import { readScope, stillPinned, type PinCheck } from './read.js'
import {
  assertStillPinned,
  chooseRollbackTarget,
  parseRollbackTo,
  rollbackRefusal,
  RollbackError,
  type RollbackChoice,
} from './rollback.js'

export interface HistorySources {
  readonly scope: string
  /** The configured providers (those that list pins are read). */
  readonly providers: readonly Provider[]
  /** GitHub Deployments, when the run has a token that may read them. */
  readonly github?: { readonly get: GetJson; readonly environment: string }
  readonly signal?: AbortSignal
  /** Masks secrets in a provider's words before they are kept. */
  readonly clean: (text: string) => string
  readonly warn?: (message: string) => void
}

export async function readHistory(src: HistorySources): Promise<History> {
  const [listing, github] = await Promise.all([
    readScope(src.providers, src.scope, src.signal !== undefined ? { signal: src.signal } : {}),
    src.github === undefined
      ? Promise.resolve(undefined)
      : readGithubDeployments(src.github.get, {
          environment: src.github.environment,
          scope: src.scope,
        }).catch((err: unknown) => {
          src.warn?.(
            `The deployment history leaves GitHub Deployments out: ${src.clean(errorMessage(err))}`,
          )
          return 'failed' as const
        }),
  ])
  for (const i of listing.incomplete)
    src.warn?.(`The deployment history may miss some: ${i.provider}: ${src.clean(i.why)}`)
  return buildHistory({
    scope: src.scope,
    records: listing.records,
    ...(Array.isArray(github) ? { deployments: github } : {}),
    incomplete: [
      ...listing.incomplete.map((i) => i.provider),
      ...(github === 'failed' ? ['github'] : []),
    ],
  })
}

/** What the run lends the rollback. */
export interface RollbackPorts {
  readonly history: () => Promise<History>
  /**
   * The CIDs the scope's names point to now (DNSLink, ENS, the IPNS name's target), any form;
   * undefined when no name could be read.
   */
  readonly live: () => Promise<readonly string[] | undefined>
  /** Where the target is pinned now (default: `stillPinned` on `providers`). */
  readonly stillPinned: (cid: string) => Promise<PinCheck>
  /** The retrieval check on the target; throws when it fails. Absent when the check is off. */
  readonly retrieval?: (cid: string) => Promise<void>
  /** Points every name the run may set at the target (a dry run: simulates). */
  readonly setNames: (cid: string) => Promise<void>
  readonly log: (message: string) => void
}

export interface RollbackRequest {
  /** The raw `to` input. */
  readonly to: string
  /** From the run's "what may change" decision. */
  readonly pullRequest?: { readonly number?: number }
  /** The input's name in messages (`to`; the CLI passes its flag too). */
  readonly input?: string
}

export interface RollbackOutcome extends RollbackChoice {
  readonly history: History
  readonly pinned: PinCheck
  /** False when the names already pointed there: nothing was set. */
  readonly changed: boolean
}

export async function rollback(
  req: RollbackRequest,
  ports: RollbackPorts,
): Promise<RollbackOutcome> {
  const refused = rollbackRefusal(
    req.pullRequest !== undefined ? { pullRequest: req.pullRequest } : {},
  )
  if (refused !== undefined) throw new RollbackError('refused', refused)
  const input = req.input ?? 'to'
  const to = parseRollbackTo(req.to, input)
  const [history, live] = await Promise.all([ports.history(), ports.live()])
  const choice = chooseRollbackTarget(history, to, {
    ...(live !== undefined ? { live } : {}),
    input,
  })
  ports.log(`Rollback target: ${choice.target.cid} (${choice.why}).`)
  const pinned = await ports.stillPinned(choice.target.cid)
  assertStillPinned(pinned, choice.target)
  if (choice.alreadyLive) {
    ports.log(`The names already point to ${choice.target.cid}: nothing to change.`)
    return { ...choice, history, pinned, changed: false }
  }
  await ports.retrieval?.(choice.target.cid)
  await ports.setNames(choice.target.cid)
  return { ...choice, history, pinned, changed: true }
}

/** The default `stillPinned` port: every configured provider asked. */
export const pinnedOn =
  (providers: readonly Provider[], signal?: AbortSignal) =>
  (cid: string): Promise<PinCheck> =>
    stillPinned(providers, cid, signal !== undefined ? { signal } : {})

/** Whether an error is one of the rollback's own refusals (the run prints it without a stack). */
export const isRollbackRefusal = (err: unknown): boolean =>
  err instanceof RollbackError || (err instanceof InputError && err.input === 'to')
