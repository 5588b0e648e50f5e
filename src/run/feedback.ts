/**
 * GitHub feedback, each part opt-in: a sticky pull-request comment (one per workflow, found by
 * a hidden marker and updated in place), a commit status that links to the gateway (pending,
 * then success or failure), and a GitHub Deployment with the environment URL, for a deploy and
 * for a rollback (docs/rollback.md#github-deployments). REST API at `GITHUB_API_URL`, through
 * the run's one GitHub client (src/run/github.ts: retries, stall watchdog, masking).
 *
 * A 403/404 from GitHub almost always means the token lacks a permission: the error names it.
 * Pull requests from forks get a read-only token: the feedback is skipped with a warning.
 */
import type { Config } from '../config/types.js'
import { firstLine, type Outcome } from './outcome.js'
import { ProviderError, errorMessage } from '../errors.js'
import type { Session } from '../http/session.js'
import type { GithubApi } from './github.js'
import type { RunPlan } from './plan.js'
import { code, factList, formatBytes, gatewayLine, statusLabel, unpinnedPhrase } from './summary.js'
import { mdRow } from '../text.js'
import { deploymentDescription, scopeDeployments } from '../history/index.js'

const PERMISSION: Record<string, string> = {
  comment: 'pull-requests: write',
  status: 'statuses: write',
  deployment: 'deployments: write',
}

export interface Feedback {
  /** Before the work: status pending, deployment in progress. */
  start(): Promise<void>
  /** After it: final status, deployment state, the PR comment. */
  finish(outcome: Outcome): Promise<void>
  /** Problems met on the way (each names the missing permission when that is the cause). */
  readonly errors: string[]
}

export function createFeedback(
  config: Config,
  plan: Pick<RunPlan, 'may'>,
  session: Session,
  log: { info(m: string): void; warning(m: string): void },
  github: GithubApi | undefined,
): Feedback | undefined {
  const { report, context: c } = config
  const wanted = report.prComment || report.commitStatus || report.deployment
  if (!wanted) return undefined
  if (github === undefined) {
    log.warning(
      'GitHub feedback (pr-comment, commit-status, deployment) needs "github-token" and a GitHub repository; skipped.',
    )
    return undefined
  }
  // What the run may write was decided at the start (src/run/plan.ts).
  if (plan.may.github.refused !== undefined) {
    log.warning(plan.may.github.refused)
    return undefined
  }
  const { http, repo, runUrl, get } = github
  const errors: string[] = []
  const context = `ipfs-pin / ${config.naming.environment}`
  let deploymentId: number | undefined

  async function attempt(kind: keyof typeof PERMISSION, what: string, fn: () => Promise<void>) {
    try {
      await fn()
    } catch (err) {
      const status = err instanceof ProviderError ? err.status : undefined
      const hint =
        status === 403 || status === 404
          ? ` The token probably lacks the "${PERMISSION[kind]}" permission: add \`permissions: ${PERMISSION[kind]}\` to the job (or the workflow).`
          : ''
      const m = `GitHub: could not ${what}: ${err instanceof ProviderError ? err.reason : errorMessage(err)}.${hint}`
      errors.push(m)
    }
  }

  /** A POST that updates (a status) or creates (a deployment: one attempt, never two of it). */
  const post = (
    path: string,
    body: unknown,
    operation: 'github-update' | 'github-create' = 'github-update',
  ) =>
    http.json<{ id?: number }>({
      operation,
      method: 'POST',
      path,
      body: () => JSON.stringify(body),
      signal: session.limit(),
    })

  const setStatus = (
    state: 'pending' | 'success' | 'failure',
    description: string,
    target?: string,
  ) =>
    attempt('status', `set the commit status to ${state}`, async () => {
      if (c.sha === undefined) return
      await post(`${repo}/statuses/${c.sha}`, {
        state,
        context,
        description: description.slice(0, 140),
        ...(target !== undefined
          ? { target_url: target }
          : runUrl !== undefined
            ? { target_url: runUrl }
            : {}),
      })
    })

  const marker = `<!-- ipfs-pin-action:${(c.workflow ?? 'default').replace(/-->/g, '')} -->`
  /** When the run that wrote a comment started: an older run never overwrites a newer one's. */
  const stamp = `<!-- ipfs-pin-action-run-at:${new Date(session.startedAt).toISOString()} -->`
  const stampOf = (body: string): number => {
    const m = /<!-- ipfs-pin-action-run-at:([0-9TZ:.+-]{1,40}) -->/.exec(body)
    const t = m?.[1] !== undefined ? Date.parse(m[1]) : NaN
    return Number.isNaN(t) ? 0 : t
  }

  /** This workflow's comments on the pull request (found by the marker), oldest first. */
  async function findComments(pr: number): Promise<Array<{ id: number; body: string }>> {
    const found: Array<{ id: number; body: string }> = []
    for (let page = 1; page <= 50; page++) {
      const { value } = await http.json<Array<{ id?: number; body?: string }>>({
        operation: 'github-read',
        method: 'GET',
        path: `${repo}/issues/${pr}/comments`,
        query: { per_page: 100, page },
        signal: session.limit(),
      })
      if (!Array.isArray(value)) break
      for (const x of value)
        if (typeof x.id === 'number' && typeof x.body === 'string' && x.body.includes(marker))
          found.push({ id: x.id, body: x.body })
      if (value.length < 100) break
    }
    return found.sort((a, b) => a.id - b.id)
  }

  const patch = (id: number, text: string) =>
    http.json({
      operation: 'github-update',
      method: 'PATCH',
      path: `${repo}/issues/comments/${id}`,
      body: () => JSON.stringify({ body: text }),
      signal: session.limit(),
    })

  /**
   * One comment per workflow and pull request, however many runs write it at once: found by its
   * marker and updated, or created when there is none. Two runs that both found none each create
   * one: after creating, the comments are listed again and the oldest (lowest id) stays, the
   * others carrying the same marker are deleted. A comment written by a run that started later
   * than this one is left as it is (docs/concurrency.md).
   */
  async function upsertComment(body: string): Promise<void> {
    const pr = c.pr
    if (pr === undefined) return
    const text = `${marker}\n${stamp}\n${body}`
    let all = await findComments(pr)
    let created: number | undefined
    if (all.length === 0) {
      // A new comment each time it is sent: after a failure GitHub may have taken it, look first.
      created = await http.request(
        {
          operation: 'github-create',
          method: 'POST',
          path: `${repo}/issues/${pr}/comments`,
          body: () => JSON.stringify({ body: text }),
          signal: session.limit(),
          recover: async () => (await findComments(pr)).find((x) => x.body === text)?.id,
        },
        (res) => http.parse<{ id?: number }>('github-create', res).id,
      )
      log.info(`GitHub: commented on the pull request`)
      // Another run may have created its own at the same moment: list again.
      all = await findComments(pr)
    }
    // One comment: the oldest stays, the others with this workflow's marker go.
    const keep = all[0]
    if (keep === undefined) return
    for (const extra of all.slice(1))
      await http.send({
        operation: 'github-update',
        method: 'DELETE',
        path: `${repo}/issues/comments/${extra.id}`,
        accept: [404],
        signal: session.limit(),
      })
    if (all.length > 1)
      log.info(
        `GitHub: removed ${all.length - 1} duplicate pull request comment(s); kept ${keep.id}`,
      )
    if (keep.id === created) return
    // Its text is this run's, unless a run that started later wrote it.
    if (stampOf(keep.body) > session.startedAt) {
      log.info('GitHub: a later run already updated the pull request comment; left as it is')
      return
    }
    await patch(keep.id, text)
    log.info(`GitHub: updated the pull request comment`)
  }

  /**
   * Marks this pull request's deployments inactive: those of its environment whose description
   * names its scope (every deploy of the PR writes it), still active.
   */
  async function retireDeployments(): Promise<void> {
    for await (const d of scopeDeployments(get, {
      environment: config.naming.environment,
      scope: config.naming.scope,
      pages: 10,
    }))
      await post(`${repo}/deployments/${d.id}/statuses`, {
        state: 'inactive',
        description: 'The pull request is closed: its preview was removed.',
      })
  }

  /**
   * A Deployment of `environment` at `ref`, described so that the history reads it back as this
   * scope's (src/history/github.ts: the description ends with the scope's tag). One attempt: a
   * create is never sent twice.
   */
  async function createDeployment(
    ref: string,
    kind: 'deploy' | 'rollback',
  ): Promise<number | undefined> {
    const { value } = await post(
      `${repo}/deployments`,
      {
        ref,
        environment: config.naming.environment,
        auto_merge: false,
        required_contexts: [],
        transient_environment: c.pr !== undefined,
        production_environment: config.naming.environment === 'production',
        description: deploymentDescription(kind, config.naming.scope),
      },
      'github-create',
    )
    return value.id
  }

  /** The final status: `Pinned <cid>` (what the history parses back) with the site's URL. */
  const finalStatus = (
    id: number,
    result: { cid: string; url: string | undefined } | { problem: string | undefined },
  ) =>
    post(`${repo}/deployments/${id}/statuses`, {
      ...('cid' in result
        ? {
            state: 'success',
            ...(result.url !== undefined ? { environment_url: result.url } : {}),
            description: `Pinned ${result.cid}`.slice(0, 140),
          }
        : { state: 'failure', description: (result.problem ?? 'failed').slice(0, 140) }),
      ...(runUrl !== undefined ? { log_url: runUrl } : {}),
    })

  /**
   * A rollback's record (docs/rollback.md#github-deployments): once the names point to the
   * target (or already did), a Deployment of it whose final status is `success` and
   * `Pinned <target>`, so GitHub shows the target as the environment's latest deployment and
   * the next history and rollback read it. Its ref is the
   * target's own commit when the history knows it, else the run's (GitHub refuses a commit it
   * no longer has: the run's is tried then). Setting the names failed part way: a Deployment
   * with a `failure` status, since some names may have moved. Refused before any name changed,
   * or a dry run: nothing is written. No commit status: a rollback has no commit of its own.
   */
  async function recordRollback(o: Outcome): Promise<void> {
    const r = o.rollback
    const cid = o.content?.root.toString()
    if (r === undefined || r.state === 'refused' || cid === undefined) return
    const env = config.naming.environment
    if (plan.may.dryRun) {
      log.info(`dry run: would record the rollback to ${cid} as a GitHub Deployment of "${env}"`)
      return
    }
    const refs = [...new Set([r.sha, c.sha])].filter((s): s is string => s !== undefined)
    if (refs.length === 0) {
      log.warning(`GitHub: the rollback to ${cid} was not recorded: no commit to record it at`)
      return
    }
    let id: number | undefined
    for (const [i, ref] of refs.entries()) {
      try {
        id = await createDeployment(ref, 'rollback')
        break
      } catch (err) {
        const gone = err instanceof ProviderError && err.status === 422 && i < refs.length - 1
        if (!gone) throw err
        log.info(
          `GitHub: no commit ${ref} in the repository; the rollback is recorded at the run's commit`,
        )
      }
    }
    if (id === undefined) return
    await finalStatus(
      id,
      r.state === 'live' ? { cid, url: siteUrl(o) } : { problem: firstLine(o.failure) },
    )
    log.info(`GitHub: recorded the rollback to ${cid} as deployment ${id} of "${env}"`)
  }

  return {
    errors,

    async start() {
      if (config.mode !== 'deploy') return
      if (report.commitStatus) await setStatus('pending', 'Pinning on IPFS…')
      if (plan.may.github.deployment && c.sha !== undefined) {
        const sha = c.sha
        await attempt('deployment', 'create the deployment', async () => {
          deploymentId = await createDeployment(sha, 'deploy')
          if (deploymentId !== undefined)
            await post(`${repo}/deployments/${deploymentId}/statuses`, {
              state: 'in_progress',
              ...(runUrl !== undefined ? { log_url: runUrl } : {}),
            })
        })
      }
    },

    async finish(o) {
      const ok = o.failure === undefined
      const problem = firstLine(o.failure)
      const cid = o.content?.root.toString()
      const gatewayUrl = o.content?.gatewayUrl
      if (config.mode === 'deploy') {
        if (report.commitStatus)
          await setStatus(
            ok ? 'success' : 'failure',
            ok ? `Pinned ${cid ?? ''}` : (problem ?? 'The deploy failed'),
            ok ? gatewayUrl : undefined,
          )
        if (plan.may.github.deployment && deploymentId !== undefined) {
          const id = deploymentId
          await attempt('deployment', 'update the deployment', async () => {
            await finalStatus(id, ok ? { cid: cid ?? '', url: siteUrl(o) } : { problem })
          })
        }
      }
      // A rollback is a deployment of its target: GitHub shows it as the environment's live one.
      if (config.mode === 'rollback' && plan.may.github.deployment)
        await attempt('deployment', 'record the rollback as a deployment', () => recordRollback(o))
      // A closed pull request's previews are retired: its deployments made inactive.
      if (config.mode === 'cleanup' && plan.may.github.deployment && c.pr !== undefined)
        await attempt('deployment', 'mark the preview deployments inactive', retireDeployments)
      if (report.prComment && c.pr !== undefined && config.mode !== 'republish')
        await attempt('comment', 'write the pull request comment', () =>
          upsertComment(commentBody(o, { environment: config.naming.environment, sha: c.sha })),
        )
    },
  }
}

/** A deployment's environment URL: the site at its DNSLink name, else the gateway URL. */
const siteUrl = (o: Outcome): string | undefined =>
  o.names.dnslink.find((d) => d.url !== undefined)?.url ?? o.content?.gatewayUrl

/**
 * The sticky comment, a view of the run's outcome (src/run/outcome.ts), rendered here and only
 * here: CID, links, size, per-provider status; or that the preview is gone.
 */
export function commentBody(
  o: Outcome,
  github: { readonly environment: string; readonly sha?: string | undefined },
): string {
  const sha7 = github.sha?.slice(0, 7)
  const ok = o.failure === undefined
  const problem = firstLine(o.failure)
  const dnslink = o.names.dnslink
  if (o.mode === 'cleanup') {
    const failed = (o.cleanup?.errors.length ?? 0) > 0 || !ok
    const gone = dnslink.filter((d) => d.action === 'deleted')
    // Counted by CID (one per deploy of the PR), not by pin: 3 providers holding one preview
    // are one preview removed.
    const what = unpinnedPhrase(o.cleanup ?? { unpinned: [] }, o.cleanup?.dryRun === true)
    return [
      `### 🧹 IPFS preview removed`,
      '',
      failed
        ? `Cleanup of scope ${code(o.scope)} failed in part: ${code(problem ?? '')}`
        : `The pull request is closed: scope ${code(o.scope)}, ${what}.`,
      ...gone.map(
        (d) =>
          `The preview name ${code(d.name)} ${d.dryRun === true ? 'would be' : 'was'} removed: its URL no longer serves the preview.`,
      ),
      '',
    ].join('\n')
  }
  const cid = o.content?.root.toString()
  const ipns = o.names.ipns
  const size = o.content?.built?.bytes
  // The heading carries the CID, once; the facts follow as a list (a table would open with an
  // empty header row).
  const lines = [
    `### ${ok ? '📦' : '❌'} IPFS preview${sha7 !== undefined ? ` of ${sha7}` : ''}${cid !== undefined ? `: ${code(cid)}` : ''}`,
    '',
    ...factList([
      ['Gateway', gatewayLine({ path: o.content?.gatewayUrl, subdomain: o.content?.subdomainUrl })],
      ...dnslink
        .filter((d) => d.url !== undefined && d.action !== 'failed')
        .map((d): [string, string] => ['Preview', `[${code(d.name)}](${d.url ?? ''})`]),
      ...(ipns !== undefined && ipns.failure === undefined && !ipns.dryRun
        ? [['IPNS', `[${code(ipns.name)}](${ipns.url})`] as [string, string]]
        : []),
      ...(size !== undefined ? [['Size', formatBytes(size)] as [string, string]] : []),
      ['Environment', code(github.environment)],
    ]),
    '',
  ]
  if (o.providers.length > 0) {
    lines.push('| Provider | Status |', '| --- | --- |')
    for (const r of o.providers) lines.push(mdRow([r.provider, statusLabel(r, o.dryRun)]))
    for (const g of o.checks)
      lines.push(
        mdRow([
          code(g.gateway),
          g.status === 'verified' ? '✅ retrieved and verified' : '❌ not retrieved',
        ]),
      )
    lines.push('')
  }
  // The problem quotes provider answers: a code span, so it cannot mention, link or render HTML.
  if (!ok && problem !== undefined) lines.push(`> ${code(problem)}`, '')
  return lines.join('\n')
}
