/**
 * The job summary's first line, to read at a glance (status, CID, link; a dry run says so
 * first; a failure says what failed, inert), and how a cleanup's work is counted (by CID).
 */
import type { CleanupReport } from '../cleanup/cleanup.js'
import { cidKey } from '../cid.js'
import { countOf, mdCode as code } from '../text.js'
import type { ProviderResult } from './upload.js'

/** How many CIDs a cleanup unpinned (or would), and from how many providers: one CID is one deploy. */
export function unpinnedCount(r: Pick<CleanupReport, 'unpinned'>): {
  cids: number
  providers: number
} {
  return {
    cids: new Set(r.unpinned.map((u) => cidKey(u.cid))).size,
    providers: new Set(r.unpinned.map((u) => u.provider)).size,
  }
}

/** `2 CIDs unpinned from 3 providers`, `1 CID would be unpinned`: what a cleanup did, by CID. */
export function unpinnedPhrase(r: Pick<CleanupReport, 'unpinned'>, dryRun: boolean): string {
  const { cids, providers } = unpinnedCount(r)
  const from = providers > 1 ? ` from ${countOf(providers, 'provider')}` : ''
  return `${countOf(cids, 'CID')} ${dryRun ? 'would be ' : ''}unpinned${from}`
}

/** What the headline of the summary is made from, known at the end of the run. */
export interface HeadlineInput {
  readonly mode: 'deploy' | 'cleanup' | 'republish' | 'rollback'
  readonly dryRun: boolean
  readonly cid?: string
  /** The best link: the site at its name, else the gateway. */
  readonly url?: string
  readonly providers: number
  readonly results: readonly ProviderResult[]
  /** What the cleanup unpinned (or would): counted by CID, one CID being one deploy. */
  readonly unpinned?: Pick<CleanupReport, 'unpinned'>
  readonly scope: string
  readonly ipns?: { readonly name: string; readonly value: string }
  /** The first line of what went wrong. */
  readonly failure?: string
}

/** The line under a dry run's headline. */
export const DRY_RUN_NOTE = '_Dry run: nothing was uploaded, pinned, unpinned or changed._'

/**
 * The summary's first line, to read at a glance: the status, the CID and the link; a dry run
 * says so first, in the same heading, and the line under it says what that means.
 */
export function renderHeadline(h: HeadlineInput): string {
  const heading = headline(h)
  return h.dryRun
    ? `${heading}

${DRY_RUN_NOTE}`
    : heading
}

function headline(h: HeadlineInput): string {
  const link = h.url !== undefined && h.url !== '' ? ` · [open](${h.url})` : ''
  const cid = h.cid !== undefined && h.cid !== '' ? ` ${code(h.cid)}` : ''
  const dry = h.dryRun ? 'Dry run, ' : ''
  /** `Cleanup` or, after "Dry run, ", `cleanup`. */
  const cap = (s: string): string => (h.dryRun ? s : `${s.charAt(0).toUpperCase()}${s.slice(1)}`)
  if (h.failure !== undefined) {
    const what = h.mode
    return `### ❌ ${dry}${cap(`${what} failed`)}${cid}: ${code(h.failure)}`
  }
  const icon = (normal: string): string => (h.dryRun ? '🧪' : normal)
  if (h.mode === 'cleanup')
    return `### ${icon('🧹')} ${dry}${cap('cleanup of scope')} ${code(h.scope)}: ${unpinnedPhrase(h.unpinned ?? { unpinned: [] }, h.dryRun)}`
  const would = h.dryRun ? 'would be ' : ''
  if (h.mode === 'republish')
    return `### ${icon('🔁')} ${dry}IPNS ${code(h.ipns?.name ?? '')} ${would}republished: ${code(h.ipns?.value ?? '')}${link}`
  if (h.mode === 'rollback')
    return `### ${icon('⏪')} ${dry}${cap(`${h.dryRun ? 'would roll' : 'rolled'} back to`)}${cid}${link}`
  const names = (rs: readonly ProviderResult[]): string =>
    [...new Set(rs.map((r) => r.provider))].join(', ')
  const pinned = h.results.filter((r) => r.status === 'pinned')
  const waiting = h.results.filter((r) => r.status === 'queued' || r.status === 'pinning')
  const status =
    h.providers === 0
      ? `${icon('📦')} ${dry}${cap('CID computed offline (nothing uploaded)')}`
      : h.dryRun
        ? `🧪 Dry run, would pin on ${names(h.results)}`
        : pinned.length > 0
          ? `✅ Pinned on ${names(pinned)}${waiting.length > 0 ? ` (${names(waiting)} still pinning)` : ''}`
          : `⏳ Queued on ${names(waiting)}`
  return `### ${status}:${cid}${link}`
}
