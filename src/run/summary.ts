/**
 * Human-facing formatting: byte sizes, durations, gateway links and the Markdown job summary.
 * Every value the workflow author did not write (file names, provider answers, scopes, labels)
 * is rendered in a code span (`code`) and every table row through `mdRow` (src/text.ts).
 */
import type { CleanupReport } from '../cleanup/cleanup.js'
import type { CID } from 'multiformats/cid'
import { describeProfile } from '../content/profiles.js'
import type { GatewayResult } from '../check/retrieval.js'
import type { DnslinkChange } from '../dns/dnslink.js'
import type { IpnsResult } from '../ipns/publish.js'
import type { ProviderResult } from './upload.js'
import { sameCid } from '../cid.js'
import { bestUrl, firstLine, type BuiltContent, type Outcome } from './outcome.js'
import { renderHeadline } from './headline.js'
export {
  DRY_RUN_NOTE,
  renderHeadline,
  unpinnedCount,
  unpinnedPhrase,
  type HeadlineInput,
} from './headline.js'
import { countOf, formatBytes, mdCode, mdRow, shown } from '../text.js'

export { formatBytes } from '../text.js'
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

/**
 * The job summary: a view of the run's outcome (src/run/outcome.ts), rendered here and only
 * here. The headline, then the content and the providers, IPNS, the retrieval check and the
 * names, cleanup, and what this run may change.
 */
export function renderJobSummary(o: Outcome): string {
  let rest = contentSection(o)
  if (o.names.ipns !== undefined) rest += renderIpnsSummary(o.names.ipns)
  if (o.namesRan)
    rest += renderLiveSummary(
      o.checks,
      o.names.dnslink,
      o.checkSkipped !== undefined ? { checkSkipped: o.checkSkipped } : {},
    )
  if (o.names.ens !== undefined && o.names.ens.results.length > 0) rest += o.names.ens.summary
  if (o.cleanup !== undefined)
    rest += renderCleanupSummary(o.cleanup, { heading: o.mode !== 'cleanup' })
  if (o.history !== undefined) rest += o.history.markdown
  rest += renderMayChangeSummary(o.may)
  const cid = o.content?.root.toString()
  const failure = firstLine(o.failure)
  const url = bestUrl(o)
  const headline = renderHeadline({
    mode: o.mode,
    dryRun: o.dryRun,
    ...(cid !== undefined ? { cid } : {}),
    ...(url !== undefined ? { url } : {}),
    providers: o.configured,
    results: o.providers,
    scope: o.scope,
    ...(o.cleanup !== undefined ? { unpinned: o.cleanup } : {}),
    ...(o.names.ipns !== undefined
      ? { ipns: { name: o.names.ipns.name, value: o.names.ipns.value } }
      : {}),
    ...(failure !== undefined ? { failure } : {}),
  })
  return `${headline}\n${rest}`
}

/** The summary's lines under the headline about the content: what was built, or pinned by CID. */
function contentSection(o: Outcome): string {
  const c = o.content
  if (o.mode !== 'deploy' || c === undefined) return '\n'
  const links = {
    path: c.gatewayUrl,
    ...(c.subdomainUrl !== undefined ? { subdomain: c.subdomainUrl } : {}),
  }
  if (c.built === undefined) return renderPinSection(c.cids, links, o.providers, o.dryRun)
  return renderBuiltSection(c.root, c.built, links, o.configured, o.providers, o.dryRun)
}

function renderBuiltSection(
  root: CID,
  b: BuiltContent,
  links: { path: string; subdomain?: string },
  configured: number,
  results: readonly ProviderResult[],
  dryRun: boolean,
): string {
  const cid = root.toString()
  const v1 = root.toV1().toString()
  // The headline above these lines carries the CID: it is not repeated (its v1 form is, when
  // it differs). Facts as a list: a key/value table would open with an empty header row.
  const facts: Array<[string, string]> = [
    ...(v1 !== cid ? ([['CIDv1', code(v1)]] as Array<[string, string]>) : []),
    ['Profile', `${code(b.profile)}: ${describeProfile(b.params)}`],
    [
      'Content',
      `${code(b.name)}${b.wrapped ? ' (wrapped in a directory)' : ''}: ${countOf(b.files, 'file')}, ${formatBytes(b.bytes)}`,
    ],
    [
      'CAR',
      `${formatBytes(b.carSize)}, ${countOf(b.blocks, 'block')}, ${carWhere(b.carPath, cid)}`,
    ],
    ['Gateway', gatewayLine(links)],
    ['Time', `${b.seconds.toFixed(1)} s`],
  ]
  const lines = [
    '',
    ...factList(facts),
    '',
    configured === 0
      ? '_No provider configured: the CID and CAR were computed offline; nothing was uploaded or pinned._'
      : '',
  ]
  lines.push(...resultsTable(results, dryRun))
  if (b.skipped.length > 0) {
    const why = {
      sensitive: '`.git` / `.env*`: name it in `include` to publish',
      hidden: '`hidden-files: exclude`',
      excluded: 'matched `exclude`',
    }
    const listed = b.skipped.slice(0, 100)
    lines.push(
      '',
      `<details><summary>Skipped ${b.skipped.length} entr${b.skipped.length === 1 ? 'y' : 'ies'}</summary>`,
      '',
      ...listed.map((s) => `- ${code(shown(s.rel + (s.dir ? '/' : '')))}: ${why[s.reason]}`),
      ...(b.skipped.length > listed.length
        ? [`- … and ${b.skipped.length - listed.length} more`]
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

/** The lines of a run that pinned existing CIDs (`cid` input). */
function renderPinSection(
  cids: readonly CID[],
  links: { path: string; subdomain?: string },
  results: readonly ProviderResult[],
  dryRun: boolean,
): string {
  // The headline names the first CID; the others are listed here, each once.
  const others = cids.slice(1).map((c) => code(c.toString()))
  return [
    '',
    ...factList([
      [
        'Content',
        `already on IPFS, pinned by CID${others.length > 0 ? `; also ${others.join(', ')}` : ''}`,
      ],
      ['Gateway', gatewayLine(links)],
    ]),
    '',
    ...resultsTable(results, dryRun),
    '',
  ].join('\n')
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
