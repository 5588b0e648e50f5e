/**
 * Human-facing formatting: byte sizes, durations, gateway links and the Markdown job summary.
 * Every value the workflow author did not write (file names, provider answers, scopes, labels)
 * is rendered in a code span (`code`) and every table row through `mdRow` (src/text.ts).
 */
import type { CleanupReport } from '../cleanup/cleanup.js'
import type { CID } from 'multiformats/cid'
import type { Config, ContentConfig } from '../config/types.js'
import type { CarResult } from '../content/car.js'
import type { Collection } from '../content/collect.js'
import { describeProfile } from '../content/profiles.js'
import type { GatewayResult } from '../check/retrieval.js'
import type { DnslinkChange } from '../dns/dnslink.js'
import type { IpnsResult } from '../ipns/publish.js'
import type { ProviderResult } from './upload.js'
import { cidKey, sameCid } from '../cid.js'
import { countOf, formatBytes, mdCode, mdRow, shown } from '../text.js'

export { formatBytes } from '../text.js'
import type { GatewayLinks } from '../http/gateway-url.js'
export { gatewayLinks, type GatewayLinks } from '../http/gateway-url.js'

/** Inline code that no value can break out of (any backticks, `|`, HTML, line breaks). */
export const code = mdCode

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`
}

/** `[path](…) · [subdomain](…)`: the gateway links of a summary or comment. */
export function gatewayLine(links: { path?: string; subdomain?: string }): string {
  return [
    links.path !== undefined ? `[path](${links.path})` : '',
    links.subdomain !== undefined ? `[subdomain](${links.subdomain})` : '',
  ]
    .filter(Boolean)
    .join(' · ')
}

/**
 * Key/value facts as a list (`- **Key**: value`), one per line. Values are Markdown the caller
 * made inert (code spans, links it built); keys are the caller's own words.
 */
export function factList(facts: ReadonlyArray<readonly [string, string]>): string[] {
  return facts.filter(([, v]) => v !== '').map(([k, v]) => `- **${k}**: ${v}`)
}

export function renderSummary(r: {
  config: Config
  /** The plan's dry run. */
  dryRun: boolean
  content: Extract<ContentConfig, { kind: 'path' }>
  collection: Collection
  car: CarResult
  links: GatewayLinks
  seconds: number
  results?: readonly ProviderResult[]
}): string {
  const { config, content, collection, car, links } = r
  const cid = car.root.toString()
  const v1 = car.root.toV1().toString()
  // The headline above these lines carries the CID: it is not repeated (its v1 form is, when
  // it differs). Facts as a list: a key/value table would open with an empty header row.
  const facts: Array<[string, string]> = [
    ...(v1 !== cid ? ([['CIDv1', code(v1)]] as Array<[string, string]>) : []),
    ['Profile', `${code(content.profile)}: ${describeProfile(content.params)}`],
    [
      'Content',
      `${code(collection.name)}${content.wrapWithDirectory ? ' (wrapped in a directory)' : ''}: ${countOf(car.files, 'file')}, ${formatBytes(car.bytes)}`,
    ],
    [
      'CAR',
      `${formatBytes(car.carSize)}, ${countOf(car.blocks, 'block')}, ${carWhere(car.carPath, cid)}`,
    ],
    ['Gateway', gatewayLine(links)],
    ['Time', `${r.seconds.toFixed(1)} s`],
  ]
  const lines = [
    `### 📦 IPFS: ${code(cid)}`,
    '',
    ...factList(facts),
    '',
    config.providers.length === 0
      ? '_No provider configured: the CID and CAR were computed offline; nothing was uploaded or pinned._'
      : '',
  ]
  lines.push(...resultsTable(r.results ?? [], r.dryRun))
  if (collection.skipped.length > 0) {
    const why = {
      sensitive: '`.git` / `.env*`: name it in `include` to publish',
      hidden: '`hidden-files: exclude`',
      excluded: 'matched `exclude`',
    }
    const listed = collection.skipped.slice(0, 100)
    lines.push(
      '',
      `<details><summary>Skipped ${collection.skipped.length} entr${collection.skipped.length === 1 ? 'y' : 'ies'}</summary>`,
      '',
      ...listed.map((s) => `- ${code(shown(s.rel + (s.dir ? '/' : '')))}: ${why[s.reason]}`),
      ...(collection.skipped.length > listed.length
        ? [`- … and ${collection.skipped.length - listed.length} more`]
        : []),
      '',
      '</details>',
    )
  }
  return `${lines.join('\n')}\n`
}

/**
 * Where the CAR is: its directory when the file is named by the CID (the headline shows the
 * CID; output `car-path` has the whole path), else the path as chosen.
 */
function carWhere(carPath: string, cid: string): string {
  const name = `${cid}.car`
  return carPath.endsWith(`/${name}`) || carPath.endsWith(`\\${name}`)
    ? `\`<CID>.car\` in ${code(carPath.slice(0, -name.length))}`
    : code(carPath)
}

/** The mark shown before a provider result's status. */
export const ICON: Readonly<Record<string, string>> = {
  pinned: '✅',
  queued: '⏳',
  pinning: '⏳',
  failed: '❌',
  mismatch: '❌',
  skipped: '⏭️',
}

/** A result's status as the summary and the pull-request comment show it. */
export function statusLabel(r: ProviderResult, dryRun: boolean): string {
  if (dryRun && r.status === 'skipped') return `${ICON.skipped} dry run`
  return `${ICON[r.status] ?? ''} ${r.status}`
}

const failed = (r: ProviderResult): boolean => r.status === 'failed' || r.status === 'mismatch'

/**
 * The per-provider table of the summary (empty when there are no results), after a plain line
 * when every provider failed. Provider text (reported CIDs, errors) is shown in code spans.
 */
function resultsTable(results: readonly ProviderResult[], dryRun: boolean): string[] {
  if (results.length === 0) return []
  return [
    ...(results.every(failed)
      ? [
          `**${ICON.failed} Every provider failed: the content is not pinned anywhere.** The table says why.`,
          '',
        ]
      : []),
    '| Provider | Status | Time | Note |',
    '| --- | --- | --- | --- |',
    ...results.map((x) =>
      mdRow([
        x.provider,
        statusLabel(x, dryRun),
        `${(x.durationMs / 1000).toFixed(1)} s`,
        resultNote(x, dryRun),
      ]),
    ),
  ]
}

/**
 * A result's note: the error, and the CID the provider reported only when it is not the one
 * expected (the headline shows that one; repeating it on every row hides the one that differs).
 */
function resultNote(x: ProviderResult, dryRun: boolean): string {
  if (dryRun && x.status === 'skipped') return 'would pin; nothing was sent'
  const other =
    x.cid !== undefined && !sameCid(x.cid, x.expectedCid) ? `reported ${code(x.cid)}` : ''
  const error = x.error !== undefined ? code(x.error) : ''
  return [other, error].filter(Boolean).join(': ')
}

/** The summary of a run that pinned existing CIDs (`cid` input). */
export function renderPinSummary(r: {
  cids: readonly CID[]
  links: GatewayLinks
  results: readonly ProviderResult[]
  dryRun: boolean
}): string {
  const first = r.cids[0]?.toString() ?? ''
  // The headline names the first CID; the others are listed here, each once.
  const others = r.cids.slice(1).map((c) => code(c.toString()))
  return [
    `### 📌 IPFS: ${code(first)}`,
    '',
    ...factList([
      [
        'Content',
        `already on IPFS, pinned by CID${others.length > 0 ? `; also ${others.join(', ')}` : ''}`,
      ],
      ['Gateway', gatewayLine(r.links)],
    ]),
    '',
    ...resultsTable(r.results, r.dryRun),
    '',
  ].join('\n')
}

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

/**
 * The cleanup section of the summary: what was unpinned (or would be), released, kept, failed.
 * `heading: false` when the summary's headline already is the cleanup's (mode `cleanup`).
 */
export function renderCleanupSummary(r: CleanupReport, opts: { heading?: boolean } = {}): string {
  const lines =
    opts.heading === false
      ? ['']
      : [
          '',
          `#### 🧹 Cleanup of scope ${code(r.scope)}${r.dryRun ? ' (dry run: nothing changed)' : ''}`,
          '',
        ]
  if (r.unpinned.length === 0 && r.released.length === 0) lines.push('Nothing to unpin.', '')
  else {
    lines.push('| Provider | CID | Id | Action |', '| --- | --- | --- | --- |')
    for (const u of r.unpinned)
      lines.push(
        mdRow([
          u.provider,
          code(u.cid),
          u.id !== undefined && u.id !== u.cid ? code(u.id) : '',
          u.dryRun === true
            ? 'would unpin'
            : u.action === 'unpinned'
              ? 'unpinned'
              : 'released for this API key',
        ]),
      )
    for (const x of r.released)
      lines.push(
        mdRow([
          x.provider,
          code(x.cid),
          '',
          `${x.dryRun === true ? 'would release' : 'released'} this scope's label (other scopes use it)`,
        ]),
      )
    lines.push('')
  }
  if (r.kept.length > 0) {
    // A reason may quote other scopes and provider errors: a code span, like every such value.
    lines.push('Kept:', '', ...r.kept.map((k) => `- ${code(k.cid)}: ${code(k.reason)}`), '')
  }
  if (r.errors.length > 0) {
    lines.push('Failed:', '', ...r.errors.map((e) => `- ${code(e)}`), '')
  }
  return `${lines.join('\n')}\n`
}

/** Why a dry run has no retrieval check: said in the summary, so its absence is not read as a pass. */
export const CHECK_SKIPPED_DRY_RUN =
  'Skipped: a dry run uploads nothing, so no gateway has the content to fetch.'

/**
 * The retrieval check and DNSLink section of the summary (empty when neither ran nor was
 * skipped). `checkSkipped`: why a retrieval check the inputs ask for did not run.
 */
export function renderLiveSummary(
  checks: readonly GatewayResult[],
  dnslink: readonly DnslinkChange[],
  opts: { checkSkipped?: string } = {},
): string {
  const lines: string[] = []
  if (checks.length === 0 && opts.checkSkipped !== undefined)
    lines.push('', '#### 🔎 Retrieval check', '', opts.checkSkipped)
  if (checks.length > 0) {
    lines.push(
      '',
      '#### 🔎 Retrieval check',
      '',
      '| Gateway | Result | Blocks | Time | Note |',
      '| --- | --- | --- | --- | --- |',
    )
    for (const c of checks)
      lines.push(
        mdRow([
          code(c.gateway),
          c.status === 'verified' ? '✅ verified' : '❌ failed',
          `${c.blocks.toLocaleString('en-US')} (${formatBytes(c.bytes)})`,
          `${(c.durationMs / 1000).toFixed(1)} s`,
          c.error !== undefined ? code(c.error) : code(c.scope),
        ]),
      )
  }
  if (dnslink.length > 0) {
    lines.push(
      '',
      '#### 🌐 DNSLink',
      '',
      '| Name | Change | Value | Link |',
      '| --- | --- | --- | --- |',
    )
    for (const d of dnslink)
      lines.push(
        mdRow([
          code(d.name),
          `${d.dryRun === true ? 'would be ' : ''}${d.action}${d.error !== undefined ? `: ${code(d.error)}` : ''}`,
          code(d.value ?? d.from ?? ''),
          d.url !== undefined ? `[open](${d.url})` : '',
        ]),
      )
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : ''
}

/** The IPNS record: the name, its links, what it points to, and each target's answer. */
export function renderIpnsSummary(r: IpnsResult): string {
  const lines = [
    '',
    `#### 🪪 IPNS${r.republish ? ' (republished)' : ''}${r.dryRun ? ' (dry run: nothing published)' : ''}`,
    '',
    `Name ${code(r.name)}: [${r.url.replace(/^https?:\/\//, '')}](${r.url}) · [path form](${r.pathUrl})`,
  ]
  if (r.value !== '')
    lines.push(
      '',
      `Points to ${code(r.value)}, sequence ${code(r.sequence)}, valid until ${code(r.validity)}, cached for ${r.ttlSeconds} s.`,
    )
  if (r.targets.length > 0) {
    lines.push('', '| Target | Result | Sequence | Note |', '| --- | --- | --- | --- |')
    for (const t of r.targets)
      lines.push(
        mdRow([
          code(t.target),
          t.status === 'published'
            ? '✅ published'
            : t.status === 'dry-run'
              ? 'dry run'
              : '❌ failed',
          t.sequence !== undefined ? code(t.sequence) : '',
          t.error !== undefined ? code(t.error) : '',
        ]),
      )
  }
  if (r.failure !== undefined && r.targets.length === 0) lines.push('', code(r.failure))
  return `${lines.join('\n')}\n`
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
    const what = h.mode === 'deploy' ? 'deploy' : h.mode
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

/** What this run may change (src/config/may-change.ts): folded at the end of the summary. */
export function renderMayChangeSummary(rows: ReadonlyArray<readonly [string, string]>): string {
  const facts = factList(rows.map(([what, may]) => [what, code(may)] as const))
  return [
    '',
    '<details><summary>What this run may change</summary>',
    '',
    ...facts,
    '',
    '</details>',
    '',
  ].join('\n')
}
