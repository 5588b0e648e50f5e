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
import { mdCode, mdRow, shown } from './text.js'

/** Inline code that no value can break out of (any backticks, `|`, HTML, line breaks). */
export const code = mdCode

export function formatBytes(n: number): string {
  if (n < 1024) return `${Math.round(n)} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(1)} ${units[i]}`
}

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
      `${code(collection.name)}${content.wrapWithDirectory ? ' (wrapped in a directory)' : ''}: ${car.files.toLocaleString('en-US')} files, ${formatBytes(car.bytes)}`,
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
