/**
 * Human-facing formatting: byte sizes, durations, gateway links and the Markdown job summary.
 * Every value the workflow author did not write (file names, provider answers, scopes, labels)
 * is rendered in a code span (`code`) and every table row through `mdRow` (src/text.ts).
 */
import type { CleanupReport } from './cleanup/cleanup.js'
import type { CID } from 'multiformats/cid'
import type { Config, ContentConfig } from './config/types.js'
import type { CarResult } from './content/car.js'
import type { Collection } from './content/collect.js'
import { describeProfile } from './content/profiles.js'
import type { GatewayResult } from './check/retrieval.js'
import type { DnslinkChange } from './dns/dnslink.js'
import type { IpnsResult } from './ipns/publish.js'
import type { ProviderResult } from './deploy.js'
import { countOf, formatBytes, mdCode, mdRow, shown } from './text.js'

export { formatBytes } from './text.js'

/** Inline code that no value can break out of (any backticks, `|`, HTML, line breaks). */
export const code = mdCode

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`
}

export interface GatewayLinks {
  /** `<gateway>/ipfs/<cid>`: works on every gateway. */
  readonly path: string
  /** `https://<cidv1>.ipfs.<host>`: origin isolation, what sites with absolute links need. */
  readonly subdomain?: string
}

export function gatewayLinks(gateway: string, cid: CID): GatewayLinks {
  const url = new URL(gateway)
  const pathLink = `${gateway}/ipfs/${cid.toString()}`
  // A subdomain link only makes sense for a gateway at the root of its host.
  if (url.pathname !== '/' && url.pathname !== '') return { path: pathLink }
  return { path: pathLink, subdomain: `${url.protocol}//${cid.toV1().toString()}.ipfs.${url.host}` }
}

export function renderSummary(r: {
  config: Config
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
  const rows: Array<[string, string]> = [
    ['CID', code(cid)],
    ...(v1 !== cid ? ([['CIDv1', code(v1)]] as Array<[string, string]>) : []),
    ['Profile', `${code(content.profile)}: ${describeProfile(content.params)}`],
    [
      'Content',
      `${code(collection.name)}${content.wrapWithDirectory ? ' (wrapped in a directory)' : ''}: ${countOf(car.files, 'file')}, ${formatBytes(car.bytes)}`,
    ],
    [
      'CAR',
      `${code(car.carPath)} (${formatBytes(car.carSize)}, ${car.blocks.toLocaleString('en-US')} blocks)`,
    ],
    [
      'Gateway',
      [
        `[path](${links.path})`,
        ...(links.subdomain !== undefined ? [`[subdomain](${links.subdomain})`] : []),
      ].join(' · '),
    ],
    ['Time', `${r.seconds.toFixed(1)} s`],
  ]
  const lines = [
    `### 📦 IPFS: ${code(cid)}`,
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([k, v]) => mdRow([k, v])),
    '',
    config.providers.length === 0
      ? '_No provider configured: the CID and CAR were computed offline; nothing was uploaded or pinned._'
      : '',
  ]
  lines.push(...resultsTable(r.results ?? [], config.cleanup.dryRun))
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
    '| Provider | Status | CID | Time | Note |',
    '| --- | --- | --- | --- | --- |',
    ...results.map((x) =>
      mdRow([
        x.provider,
        statusLabel(x, dryRun),
        x.cid !== undefined ? code(x.cid) : '',
        `${(x.durationMs / 1000).toFixed(1)} s`,
        dryRun && x.status === 'skipped'
          ? 'would pin; nothing was sent'
          : x.error !== undefined
            ? code(x.error)
            : '',
      ]),
    ),
  ]
}

/** The summary of a run that pinned existing CIDs (`cid` input). */
export function renderPinSummary(r: {
  cids: readonly CID[]
  links: GatewayLinks
  results: readonly ProviderResult[]
  dryRun: boolean
}): string {
  const first = r.cids[0]?.toString() ?? ''
  return [
    `### 📌 IPFS: ${code(first)}`,
    '',
    `Pinned existing content: ${r.cids.map((c) => code(c.toString())).join(', ')}`,
    '',
    `Gateway: [path](${r.links.path})${r.links.subdomain !== undefined ? ` · [subdomain](${r.links.subdomain})` : ''}`,
    '',
    ...resultsTable(r.results, r.dryRun),
    '',
  ].join('\n')
}

/** The cleanup section of the summary: what was unpinned (or would be), released, kept, failed. */
export function renderCleanupSummary(r: CleanupReport): string {
  const lines = [
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

/** The retrieval check and DNSLink section of the summary (empty when neither ran). */
export function renderLiveSummary(
  checks: readonly GatewayResult[],
  dnslink: readonly DnslinkChange[],
): string {
  const lines: string[] = []
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
  readonly mode: 'deploy' | 'cleanup' | 'republish'
  readonly dryRun: boolean
  readonly cid?: string
  /** The best link: the site at its name, else the gateway. */
  readonly url?: string
  readonly providers: number
  readonly results: readonly ProviderResult[]
  readonly unpinned?: number
  readonly scope: string
  readonly ipns?: { readonly name: string; readonly value: string }
  /** The first line of what went wrong. */
  readonly failure?: string
}

/**
 * The summary's first line, to read at a glance: the status, the CID and the link; a dry run
 * says so first. The details follow it.
 */
export function renderHeadline(h: HeadlineInput): string {
  const link = h.url !== undefined && h.url !== '' ? ` · [open](${h.url})` : ''
  const cid = h.cid !== undefined && h.cid !== '' ? ` ${code(h.cid)}` : ''
  const dry = h.dryRun ? '🧪 Dry run (nothing was uploaded, pinned, unpinned or changed): ' : ''
  if (h.failure !== undefined) {
    const what =
      h.mode === 'cleanup'
        ? 'Cleanup failed'
        : h.mode === 'republish'
          ? 'Republish failed'
          : 'Deploy failed'
    return `### ❌ ${dry}${what}${cid}: ${code(h.failure)}`
  }
  const would = h.dryRun ? 'would be ' : ''
  if (h.mode === 'cleanup')
    return `### ${h.dryRun ? dry : '🧹 '}Cleanup of scope ${code(h.scope)}: ${countOf(h.unpinned ?? 0, 'pin')} ${would}unpinned`
  if (h.mode === 'republish')
    return `### ${h.dryRun ? dry : '🔁 '}IPNS ${code(h.ipns?.name ?? '')} ${would}republished: ${code(h.ipns?.value ?? '')}${link}`
  const pinned = h.results.filter((r) => r.status === 'pinned').map((r) => r.provider)
  const waiting = h.results.filter((r) => r.status === 'queued' || r.status === 'pinning')
  const status =
    h.providers === 0
      ? '📦 CID computed offline (nothing uploaded)'
      : h.dryRun
        ? `would pin on ${[...new Set(h.results.map((r) => r.provider))].join(', ')}`
        : pinned.length > 0
          ? `✅ Pinned on ${[...new Set(pinned)].join(', ')}${waiting.length > 0 ? ` (${[...new Set(waiting.map((r) => r.provider))].join(', ')} still pinning)` : ''}`
          : `⏳ Queued on ${[...new Set(waiting.map((r) => r.provider))].join(', ')}`
  return `### ${dry}${status}:${cid}${link}`
}

/**
 * What this run may change (src/config/may-change.ts), decided at its start: a folded table at
 * the end of the summary.
 */
export function renderMayChangeSummary(rows: ReadonlyArray<readonly [string, string]>): string {
  return [
    '',
    '<details><summary>What this run may change</summary>',
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([what, may]) => mdRow([what, code(may)])),
    '',
    '</details>',
    '',
  ].join('\n')
}
