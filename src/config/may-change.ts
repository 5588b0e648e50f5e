/**
 * What this run may change, decided once, at the start, from the mode, the event and the inputs
 * (docs/events.md): which pins it may create and which it may unpin, which names it may point
 * at the content or delete and which it may only read (cleanup keeps what they point to), whether
 * it may publish the IPNS name, which GitHub feedback it may write. Every step that writes asks
 * this value; none looks at the event itself.
 *
 * The rule for names: a pull request run (a `pull_request` of this repository or of a fork, a
 * `pull_request_target`, a `workflow_run` started by a pull request, a merge request, any run
 * given a pull request number) never changes a production name. It sets only the names whose
 * template has `{pr}` (its own preview names), and on `mode: cleanup` deletes only those; every
 * other name is left as it is, with one notice. Any other run sets the names without `{pr}` and
 * skips those with it, with one notice (so one workflow can serve both events). The IPNS name is
 * published (and republished) by runs that are not for a pull request only.
 *
 * A pure function of its input: it reads no environment and makes no call.
 */
import type { RunContext } from '../inputs/context.js'

/**
 * `deploy` publishes; `cleanup` unpins a scope; `republish` re-signs the IPNS record; `rollback`
 * points the names back to an earlier deployment (docs/rollback.md).
 */
export type Mode = 'deploy' | 'cleanup' | 'republish' | 'rollback'

/** The event, as this decision tells them apart. */
export type RunEvent =
  | 'push'
  | 'tag'
  | 'release'
  | 'pull_request'
  | 'fork_pull_request'
  | 'pull_request_target'
  | 'workflow_run'
  | 'schedule'
  | 'dispatch'
  | 'other'

/** What the run may do to one name. */
export interface NameRight {
  readonly kind: 'dnslink'
  /** The name; its template when this run cannot fill it (`{pr}` outside a pull request). */
  readonly name: string
  readonly perPullRequest: boolean
  /**
   * `set`: point it at the content; `remove`: delete its `dnslink=` record (a closed pull
   * request's own name); `keep`: only read it (cleanup keeps what it points to); `skip`: nothing.
   */
  readonly may: 'set' | 'remove' | 'keep' | 'skip'
}

export interface MayChange {
  readonly event: RunEvent
  /** The event's own name (`pull_request_target`, `merge_request_event`), for messages. */
  readonly eventName: string
  readonly mode: Mode
  /** The run is for a pull request: its number when known, whether it comes from a fork. */
  readonly pullRequest?: { readonly number?: number; readonly fork: boolean }
  /** Everything below is what the run would do: nothing is written. */
  readonly dryRun: boolean
  readonly pins: {
    /** Uploads and pins the content on the providers that run. */
    readonly create: boolean
    /** Unpins the scope's earlier deployments (`previous`), or every pin of the scope. */
    readonly unpin: 'none' | 'previous' | 'scope'
    /** CIDs named in `unpin`, removed from every provider. */
    readonly listed: number
    readonly scope: string
  }
  readonly names: readonly NameRight[]
  /** The IPNS name, when the run has one: published, republished, or only read. */
  readonly ipns?: { readonly name: string; readonly may: 'publish' | 'republish' | 'keep' }
  /**
   * The ENS names, when the run has any: `set` (a deploy or rollback that is not for a pull
   * request) or `keep` (only read: cleanup keeps what they point to). ENS names have no
   * per-pull-request form: pull requests never set them.
   */
  readonly ens?: { readonly names: readonly string[]; readonly may: 'set' | 'keep' }
  readonly github: {
    readonly comment: boolean
    readonly status: boolean
    readonly deployment: boolean
    /** Why none may be written, when the token cannot (a fork's read-only token). */
    readonly refused?: string
  }
  /** What the run leaves alone that the workflow names, said once each at the start. */
  readonly notices: readonly string[]
}

export interface MayChangeInput {
  readonly mode: Mode
  readonly context: RunContext
  readonly dryRun: boolean
  /** Providers that run (a fork's providers without credentials already left out). */
  readonly providers: number
  readonly unpinPrevious: boolean
  readonly unpinListed: number
  readonly scope: string
  /** DNSLink names filled in for this run. */
  readonly dnslink: readonly { readonly name: string; readonly perPullRequest: boolean }[]
  /** DNSLink templates with `{pr}` this run cannot fill (it is not for a pull request). */
  readonly dnslinkUnfilled: readonly string[]
  /** A DNS provider with credentials is configured (false in a fork's run without them). */
  readonly dns: boolean
  /** A fork's run without DNS credentials: names left alone, said so. */
  readonly dnsSkipped: boolean
  readonly ipnsName?: string
  /** A fork's run without `ipns-key`. */
  readonly ipnsSkipped: boolean
  /** ENS names as listed in `ens-name`. */
  readonly ensNames?: readonly string[]
  readonly report: {
    readonly prComment: boolean
    readonly commitStatus: boolean
    readonly deployment: boolean
  }
}

const PR_EVENTS: ReadonlySet<RunEvent> = new Set([
  'pull_request',
  'fork_pull_request',
  'pull_request_target',
])

/** The event of the run, from the CI's own name for it. */
export function runEvent(context: RunContext): RunEvent {
  const e = context.eventName ?? ''
  const pr = context.fork === true ? 'fork_pull_request' : 'pull_request'
  switch (e) {
    case 'push':
      return context.refType === 'tag' ? 'tag' : 'push'
    case 'release':
      return 'release'
    case 'pull_request':
    case 'merge_request_event':
      return pr
    case 'pull_request_target':
      return 'pull_request_target'
    case 'workflow_run':
      return 'workflow_run'
    case 'schedule':
      return 'schedule'
    case 'workflow_dispatch':
    case 'repository_dispatch':
    case 'web':
    case 'api':
    case 'trigger':
      return 'dispatch'
    default:
      return 'other'
  }
}

const listed = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ')
const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many)

export function decideMayChange(i: MayChangeInput): MayChange {
  const c = i.context
  const event = runEvent(c)
  const eventName = c.eventName ?? (c.ci === 'local' ? 'a local run' : 'unknown')
  const fromPr =
    event === 'workflow_run' && /^pull_request/.test(c.upstream?.event ?? '')
      ? c.upstream
      : undefined
  const isPr = PR_EVENTS.has(event) || fromPr !== undefined || c.pr !== undefined
  const number = c.pr ?? fromPr?.pr
  const pullRequest = isPr
    ? {
        ...(number !== undefined ? { number } : {}),
        fork: c.fork === true || fromPr?.fork === true,
      }
    : undefined
  const thisPr =
    pullRequest?.number !== undefined
      ? `This run is for pull request #${pullRequest.number}`
      : `This run (${eventName}) is for a pull request`
  const notices: string[] = []
  // A rollback sets the names as a deploy does (and is refused on pull requests, src/run/rollback.ts).
  const setsNames = i.mode === 'deploy' || i.mode === 'rollback'

  const names: NameRight[] = i.dnslink.map((d) => {
    const may: NameRight['may'] = !i.dns
      ? 'skip'
      : i.mode === 'republish'
        ? 'keep'
        : isPr
          ? d.perPullRequest
            ? i.mode === 'cleanup'
              ? 'remove'
              : 'set'
            : 'keep'
          : setsNames
            ? 'set'
            : 'keep'
    return { kind: 'dnslink', name: d.name, perPullRequest: d.perPullRequest, may }
  })
  for (const t of i.dnslinkUnfilled)
    names.push({ kind: 'dnslink', name: t, perPullRequest: true, may: 'skip' })

  if (i.dnsSkipped)
    notices.push(
      'This pull request comes from a fork, without DNS credentials: the DNSLink names were left as they are.',
    )
  const fixed = names.filter((n) => !n.perPullRequest && n.may === 'keep').map((n) => n.name)
  if (isPr && i.mode === 'deploy' && fixed.length > 0)
    notices.push(
      `${thisPr}: ${listed(fixed)} ${plural(fixed.length, 'is a production name', 'are production names')}, left as ${plural(fixed.length, 'it is', 'they are')} (pull requests set only the "dnslink" names with {pr}).`,
    )
  if (i.dnslinkUnfilled.length > 0 && i.mode !== 'republish')
    notices.push(
      `This run (${eventName}) is not for a pull request: the "dnslink" ${plural(i.dnslinkUnfilled.length, 'name', 'names')} ${listed(i.dnslinkUnfilled)} ${plural(i.dnslinkUnfilled.length, 'was', 'were')} skipped (names with {pr} are set by pull request runs).`,
    )

  let ipns: MayChange['ipns']
  if (i.ipnsName !== undefined) {
    const may =
      isPr || i.mode === 'cleanup' ? 'keep' : i.mode === 'republish' ? 'republish' : 'publish'
    ipns = { name: i.ipnsName, may }
    if (isPr && i.mode !== 'cleanup')
      notices.push(
        i.mode === 'republish'
          ? `${thisPr}: the IPNS name is not republished from pull requests; it was left as it is.`
          : `${thisPr}: the IPNS name is not published from pull requests (a preview would take it over); it was left as it is.`,
      )
  } else if (i.ipnsSkipped)
    notices.push(
      i.mode === 'republish'
        ? 'This pull request comes from a fork, without "ipns-key": nothing was republished.'
        : 'This pull request comes from a fork, without "ipns-key": the IPNS name was left as it is.',
    )

  let ens: MayChange['ens']
  if (i.ensNames !== undefined && i.ensNames.length > 0) {
    ens = { names: i.ensNames, may: !isPr && setsNames ? 'set' : 'keep' }
    if (isPr && i.mode === 'deploy')
      notices.push(
        `${thisPr}: the ENS ${plural(i.ensNames.length, 'name', 'names')} ${listed(i.ensNames)} ${plural(i.ensNames.length, 'is', 'are')} production ${plural(i.ensNames.length, 'name', 'names')}, left as ${plural(i.ensNames.length, 'it is', 'they are')} (pull requests never change an ENS name).`,
      )
  }

  // A fork's token is read-only (GitHub gives pull_request runs from forks no write access).
  const readOnly = c.fork === true
  const github = readOnly
    ? {
        comment: false,
        status: false,
        deployment: false,
        refused:
          'This pull request comes from a fork: its token cannot write comments, statuses or deployments; GitHub feedback skipped.',
      }
    : {
        comment: i.report.prComment && c.pr !== undefined,
        status: i.report.commitStatus,
        // A rollback records a Deployment of production names: never for a pull request.
        deployment: i.report.deployment && !(isPr && i.mode === 'rollback'),
      }

  return {
    event,
    eventName,
    mode: i.mode,
    ...(pullRequest !== undefined ? { pullRequest } : {}),
    dryRun: i.dryRun,
    pins: {
      create: i.mode === 'deploy' && i.providers > 0,
      unpin:
        i.mode === 'cleanup'
          ? 'scope'
          : (i.mode === 'deploy' || i.mode === 'rollback') && i.unpinPrevious
            ? 'previous'
            : 'none',
      listed: i.unpinListed,
      scope: i.scope,
    },
    names,
    ...(ipns !== undefined ? { ipns } : {}),
    ...(ens !== undefined ? { ens } : {}),
    github,
    notices,
  }
}

/** May the run do `op` to the DNSLink name `name`? What every DNS write asks. */
export function mayWriteName(m: MayChange, name: string, op: 'set' | 'remove'): boolean {
  return m.names.some((n) => n.name === name && n.may === op)
}

/** The decision in a few lines, for the log and the summary. */
export function describeMayChange(m: MayChange): Array<[string, string]> {
  const would = m.dryRun ? 'would ' : ''
  const of = (may: NameRight['may']): string[] =>
    m.names.filter((n) => n.may === may).map((n) => n.name)
  const rows: Array<[string, string]> = [
    [
      'Run',
      `${m.eventName}${m.pullRequest !== undefined ? `, pull request${m.pullRequest.number !== undefined ? ` #${m.pullRequest.number}` : ''}${m.pullRequest.fork ? ' from a fork' : ''}` : ''}; mode ${m.mode}${m.dryRun ? '; dry run: nothing is changed' : ''}`,
    ],
    [
      'Pins',
      [
        m.pins.create ? `${would}pin the content` : 'pins nothing',
        m.pins.unpin === 'previous'
          ? `${would}unpin earlier deployments of scope ${m.pins.scope}`
          : m.pins.unpin === 'scope'
            ? `${would}unpin the pins of scope ${m.pins.scope}`
            : '',
        m.pins.listed > 0 ? `${would}unpin ${m.pins.listed} listed CID(s)` : '',
      ]
        .filter((s) => s !== '')
        .join('; '),
    ],
  ]
  if (m.names.length > 0) {
    const parts = [
      of('set').length > 0 ? `${would}set ${of('set').join(', ')}` : '',
      of('remove').length > 0 ? `${would}delete ${of('remove').join(', ')}` : '',
      of('keep').length > 0
        ? `left as they are (read to keep what they point to): ${of('keep').join(', ')}`
        : '',
      of('skip').length > 0 ? `skipped: ${of('skip').join(', ')}` : '',
    ]
    rows.push(['DNSLink', parts.filter((s) => s !== '').join('; ')])
  }
  if (m.ipns !== undefined)
    rows.push([
      'IPNS',
      `${m.ipns.name}: ${m.ipns.may === 'keep' ? 'left as it is (read to keep what it points to)' : `${would}${m.ipns.may}`}`,
    ])
  if (m.ens !== undefined)
    rows.push([
      'ENS',
      `${m.ens.names.join(', ')}: ${m.ens.may === 'keep' ? 'left as they are (read to keep what they point to)' : `${would}set`}`,
    ])
  const gh = [
    m.github.comment ? 'comment' : '',
    m.github.status ? 'commit status' : '',
    m.github.deployment ? 'deployment' : '',
  ].filter((s) => s !== '')
  rows.push([
    'GitHub',
    m.github.refused !== undefined
      ? "nothing (a fork's token is read-only)"
      : gh.length > 0
        ? gh.join(', ')
        : 'nothing asked',
  ])
  return rows
}
