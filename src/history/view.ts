/**
 * The history as users see it (docs/rollback.md#history): the `history` output (compact JSON,
 * one line, a stable shape documented there) and a Markdown table for the job summary. Every
 * value read from a provider or GitHub (CIDs, commit, ref, run, URLs) is rendered inert
 * (src/text.ts): only our own words are Markdown.
 */
import { cidKey } from '../cid.js'
import { mdCode, mdRow } from '../text.js'
import { HISTORY_SHOWN, type History, type HistoryEntry } from './history.js'

/** The `history` output's shape, version 1 (docs/rollback.md#the-history-output). */
export interface HistoryJson {
  readonly version: 1
  readonly scope: string
  /** Entries listed here (at most HISTORY_SHOWN), newest first. */
  readonly entries: ReadonlyArray<{
    readonly cid: string
    readonly time: string | null
    readonly sha: string | null
    readonly ref: string | null
    readonly pr: number | null
    readonly run: string | null
    /** Providers that list it, with their state (`pinned`, `queued`, …). */
    readonly pinned: ReadonlyArray<{ readonly provider: string; readonly state: string }>
    /** A name this run read or set points to it. */
    readonly live: boolean
    readonly github: {
      readonly id: number
      readonly state: string | null
      readonly url: string | null
    } | null
  }>
  /** Deployments of the scope left out of `entries` (older than the last one listed). */
  readonly more: number
  /** The history may miss deployments: these listings failed or stopped at their bound. */
  readonly incomplete: readonly string[]
}

export interface ViewOptions {
  /** CIDs the names point to now (any form): marked live. */
  readonly live?: readonly string[]
  /** Entries to show; default HISTORY_SHOWN. */
  readonly limit?: number
  /**
   * The CID of this run's own deployment (or a rollback's target): the table says "this
   * deployment" instead of repeating the CID the summary's headline already shows.
   */
  readonly current?: string
}

export function historyJson(h: History, opts: ViewOptions = {}): HistoryJson {
  const limit = opts.limit ?? HISTORY_SHOWN
  const live = new Set((opts.live ?? []).map(cidKey))
  return {
    version: 1,
    scope: h.scope,
    entries: h.entries.slice(0, limit).map((e) => ({
      cid: e.cid,
      time: e.time ?? null,
      sha: e.sha ?? null,
      ref: e.ref ?? null,
      pr: e.pr ?? null,
      run: e.run ?? null,
      pinned: e.pinned.map((p) => ({ provider: p.provider, state: p.state })),
      live: live.has(e.cid),
      github:
        e.github !== undefined
          ? { id: e.github.id, state: e.github.state ?? null, url: e.github.url ?? null }
          : null,
    })),
    more: Math.max(0, h.entries.length - limit),
    incomplete: [...h.incomplete],
  }
}

/** The `history` output: one line of JSON. */
export const historyOutput = (h: History, opts: ViewOptions = {}): string =>
  JSON.stringify(historyJson(h, opts))

const shortSha = (sha: string): string => (/^[0-9a-f]{40,64}$/i.test(sha) ? sha.slice(0, 7) : sha)

function pinnedCell(e: HistoryEntry): string {
  if (e.pinned.length === 0) return 'not listed by any provider'
  return e.pinned
    .map((p) => (p.state === 'pinned' ? mdCode(p.provider) : `${mdCode(p.provider)} (${p.state})`))
    .join(', ')
}

/**
 * The summary's section: a heading, a table newest first (at most `limit` rows), and a line for
 * what was left out or could not be read. Empty history: one sentence.
 */
export function historyMarkdown(h: History, opts: ViewOptions = {}): string {
  const limit = opts.limit ?? HISTORY_SHOWN
  const live = new Set((opts.live ?? []).map(cidKey))
  const current = opts.current !== undefined ? cidKey(opts.current) : undefined
  const lines = [`### Deployment history of ${mdCode(h.scope)}`, '']
  if (h.entries.length === 0)
    lines.push('No earlier deployment of this scope is pinned on a provider that keeps labels.')
  else {
    lines.push(mdRow(['', 'CID', 'deployed', 'commit', 'ref', 'pinned on']))
    lines.push('| --- | --- | --- | --- | --- | --- |')
    for (const e of h.entries.slice(0, limit)) {
      const ref = [e.ref !== undefined ? mdCode(e.ref) : '', e.pr !== undefined ? `PR ${e.pr}` : '']
        .filter((s) => s !== '')
        .join(' · ')
      lines.push(
        mdRow([
          live.has(e.cid) ? '**live**' : '',
          e.cid === current ? '_this deployment_' : mdCode(e.cid),
          e.time !== undefined ? e.time.replace(/\.\d{3}Z$/, 'Z') : '',
          e.sha !== undefined ? mdCode(shortSha(e.sha)) : '',
          ref,
          pinnedCell(e),
        ]),
      )
    }
  }
  const notes: string[] = []
  const more = h.entries.length - limit
  if (more > 0) notes.push(`${more} older deployment${more === 1 ? '' : 's'} not shown.`)
  if (h.truncated)
    notes.push('The scope has more deployments than are read in one run; the oldest were not read.')
  if (h.incomplete.length > 0)
    notes.push(
      `Could not read ${h.incomplete.map(mdCode).join(', ')}: the history may miss deployments.`,
    )
  if (notes.length > 0) lines.push('', notes.join(' '))
  return `${lines.join('\n')}\n`
}
