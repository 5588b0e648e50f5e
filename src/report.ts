/** Human-facing formatting: byte sizes, durations, gateway links and the Markdown job summary. */
import type { CleanupReport } from './cleanup.js'
import type { CID } from 'multiformats/cid'
import type { Config, ContentConfig } from './config/config.js'
import type { CarResult } from './content/car.js'
import type { Collection } from './content/collect.js'
import { describeProfile } from './content/profiles.js'
import type { ProviderResult } from './deploy.js'

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

/** Inline code in Markdown, safe for any file name. */
export function code(s: string): string {
  const fence = s.includes('`') ? '``' : '`'
  return `${fence}${s.replace(/[\r\n]/g, ' ')}${fence}`
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
    ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`),
    '',
    config.providers.length === 0
      ? '_No provider configured: the CID and CAR were computed offline; nothing was uploaded or pinned._'
      : '',
  ]
  lines.push(...resultsTable(r.results ?? []))
  if (collection.skipped.length > 0) {
    const why = {
      sensitive: '`.git` / `.env*`: name it in `include` to publish',
      hidden: '`hidden-files: exclude`',
      excluded: 'matched `exclude`',
    }
    const shown = collection.skipped.slice(0, 100)
    lines.push(
      '',
      `<details><summary>Skipped ${collection.skipped.length} entr${collection.skipped.length === 1 ? 'y' : 'ies'}</summary>`,
      '',
      ...shown.map((s) => `- ${code(s.rel + (s.dir ? '/' : ''))}: ${why[s.reason]}`),
      ...(collection.skipped.length > shown.length
        ? [`- … and ${collection.skipped.length - shown.length} more`]
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

/** The per-provider table of the summary (empty when there are no results). */
function resultsTable(results: readonly ProviderResult[]): string[] {
  if (results.length === 0) return []
  return [
    '| Provider | Status | CID | Time | Note |',
    '| --- | --- | --- | --- | --- |',
    ...results.map(
      (x) =>
        `| ${x.provider} | ${ICON[x.status] ?? ''} ${x.status} | ${x.cid !== undefined ? code(x.cid) : ''} | ${(x.durationMs / 1000).toFixed(1)} s | ${(x.error ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`,
    ),
  ]
}

/** The summary of a run that pinned existing CIDs (`cid` input). */
export function renderPinSummary(r: {
  cids: readonly CID[]
  links: GatewayLinks
  results: readonly ProviderResult[]
}): string {
  const first = r.cids[0]?.toString() ?? ''
  return [
    `### 📌 IPFS: ${code(first)}`,
    '',
    `Pinned existing content: ${r.cids.map((c) => code(c.toString())).join(', ')}`,
    '',
    `Gateway: [path](${r.links.path})${r.links.subdomain !== undefined ? ` · [subdomain](${r.links.subdomain})` : ''}`,
    '',
    ...resultsTable(r.results),
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
        `| ${u.provider} | ${code(u.cid)} | ${u.id !== undefined && u.id !== u.cid ? code(u.id) : ''} | ${u.dryRun === true ? 'would unpin' : u.action === 'unpinned' ? 'unpinned' : 'released for this API key'} |`,
      )
    for (const x of r.released)
      lines.push(
        `| ${x.provider} | ${code(x.cid)} | | ${x.dryRun === true ? 'would release' : 'released'} this scope's label (other scopes use it) |`,
      )
    lines.push('')
  }
  if (r.kept.length > 0) {
    lines.push('Kept:', '', ...r.kept.map((k) => `- ${code(k.cid)}: ${k.reason}`), '')
  }
  if (r.errors.length > 0) {
    lines.push('Failed:', '', ...r.errors.map((e) => `- ${e.replace(/\n/g, ' ')}`), '')
  }
  return `${lines.join('\n')}\n`
}
