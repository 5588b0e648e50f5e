/**
 * Where the run happens: repository, commit, ref, pull request, run ids. Read from the CI's
 * environment (GitHub Actions, GitLab CI, or `IPFS_PIN_*` overrides for anything else) so the
 * name template and the cleanup scope work the same in every CI.
 */
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'

export interface RunContext {
  /** Which CI this looks like. */
  readonly ci: 'github' | 'gitlab' | 'local'
  readonly owner?: string
  readonly repo?: string
  /** Commit being deployed: a pull request's head commit, not GitHub's merge commit. */
  readonly sha?: string
  /** Short ref name: branch or tag (`main`, `v1.2.0`). */
  readonly ref?: string
  /** Pull/merge request number, when the run is for one. */
  readonly pr?: number
  readonly runId?: string
  readonly runNumber?: string
  /** What started the run, as the CI names it (`push`, `pull_request`, `merge_request_event`…). */
  readonly eventName?: string
  /** Whether `ref` is a branch or a tag (`GITHUB_REF_TYPE`; GitLab: `CI_COMMIT_TAG` set). */
  readonly refType?: 'branch' | 'tag'
  /**
   * For a `workflow_run`: the run that triggered this one (its event, whether its head is a
   * fork, its pull request when GitHub lists one: it does not for forks).
   */
  readonly upstream?: { readonly event?: string; readonly fork: boolean; readonly pr?: number }
  /** The workflow's name (`GITHUB_WORKFLOW`): one sticky PR comment per workflow. */
  readonly workflow?: string
  /**
   * A pull request from a fork: its workflows get no secrets and a read-only token, so runs
   * without credentials compute the CID and CAR and skip the providers instead of failing.
   */
  readonly fork?: boolean
  /** Base URL of the GitHub REST API (`GITHUB_API_URL`), for GitHub feedback. */
  readonly apiUrl: string
  readonly serverUrl: string
  /** Directory for the CAR when `car-path` is empty. */
  readonly tempDir: string
  /** Directory that relative paths are resolved against. */
  readonly cwd: string
}

type Env = Readonly<Record<string, string | undefined>>

const nonEmpty = (v: string | undefined): string | undefined =>
  v !== undefined && v.trim() !== '' ? v.trim() : undefined

function positiveInt(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN
  return Number.isInteger(n) && n > 0 ? n : undefined
}

interface GithubEvent {
  number?: unknown
  workflow_run?: {
    event?: unknown
    head_repository?: { full_name?: unknown } | null
    repository?: { full_name?: unknown }
    pull_requests?: Array<{ number?: unknown }>
  }
  pull_request?: {
    number?: unknown
    head?: { sha?: unknown; ref?: unknown; repo?: { full_name?: unknown } | null }
    base?: { repo?: { full_name?: unknown } }
  }
}

function readEvent(path: string | undefined): GithubEvent {
  if (path === undefined) return {}
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'))
    return typeof parsed === 'object' && parsed !== null ? parsed : {}
  } catch {
    return {}
  }
}

/** Builds the run context from environment variables (and GitHub's event payload file). */
export function detectContext(env: Env, cwd: string = process.cwd()): RunContext {
  const o = (name: string): string | undefined => nonEmpty(env[`IPFS_PIN_${name}`])
  const apiUrl = nonEmpty(env.GITHUB_API_URL) ?? 'https://api.github.com'
  const serverUrl = nonEmpty(env.GITHUB_SERVER_URL) ?? 'https://github.com'
  const tempDir = nonEmpty(env.RUNNER_TEMP) ?? tmpdir()
  const base = { apiUrl, serverUrl, tempDir, cwd }

  let ctx: RunContext
  if (env.GITHUB_ACTIONS === 'true') {
    const event = readEvent(nonEmpty(env.GITHUB_EVENT_PATH))
    const [owner, repo] = (nonEmpty(env.GITHUB_REPOSITORY) ?? '').split('/')
    const pr = positiveInt(
      event.pull_request?.number ?? (event.pull_request ? event.number : undefined),
    )
    const headSha = event.pull_request?.head?.sha
    const headRef = event.pull_request?.head?.ref
    const headRepo = event.pull_request?.head?.repo?.full_name
    const baseRepo = event.pull_request?.base?.repo?.full_name ?? env.GITHUB_REPOSITORY
    const wr = event.workflow_run
    const refType = nonEmpty(env.GITHUB_REF_TYPE)
    ctx = {
      ...base,
      ci: 'github',
      owner: nonEmpty(owner),
      repo: nonEmpty(repo),
      sha: typeof headSha === 'string' ? headSha : nonEmpty(env.GITHUB_SHA),
      ref: typeof headRef === 'string' ? headRef : nonEmpty(env.GITHUB_REF_NAME),
      pr,
      runId: nonEmpty(env.GITHUB_RUN_ID),
      runNumber: nonEmpty(env.GITHUB_RUN_NUMBER),
      eventName: nonEmpty(env.GITHUB_EVENT_NAME),
      ...(refType === 'branch' || refType === 'tag' ? { refType } : {}),
      ...(wr !== undefined
        ? {
            upstream: {
              ...(typeof wr.event === 'string' ? { event: wr.event } : {}),
              // A deleted fork has head_repository null: still not this repository.
              fork:
                wr.head_repository === null ||
                (typeof wr.head_repository?.full_name === 'string' &&
                  wr.head_repository.full_name !==
                    (wr.repository?.full_name ?? env.GITHUB_REPOSITORY)),
              ...(positiveInt(wr.pull_requests?.[0]?.number) !== undefined
                ? { pr: positiveInt(wr.pull_requests?.[0]?.number) }
                : {}),
            },
          }
        : {}),
      workflow: nonEmpty(env.GITHUB_WORKFLOW),
      // A deleted fork has head.repo null: still not this repository.
      fork:
        event.pull_request !== undefined &&
        (event.pull_request.head?.repo === null ||
          (typeof headRepo === 'string' && headRepo !== baseRepo)),
    }
  } else if (env.GITLAB_CI === 'true') {
    const path = nonEmpty(env.CI_PROJECT_PATH) ?? ''
    const cut = path.lastIndexOf('/')
    ctx = {
      ...base,
      ci: 'gitlab',
      owner: cut > 0 ? path.slice(0, cut) : undefined,
      repo: nonEmpty(env.CI_PROJECT_NAME) ?? (cut >= 0 ? path.slice(cut + 1) : undefined),
      sha: nonEmpty(env.CI_COMMIT_SHA),
      ref: nonEmpty(env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME) ?? nonEmpty(env.CI_COMMIT_REF_NAME),
      pr: positiveInt(env.CI_MERGE_REQUEST_IID),
      runId: nonEmpty(env.CI_PIPELINE_ID),
      runNumber: nonEmpty(env.CI_PIPELINE_IID),
      eventName: nonEmpty(env.CI_PIPELINE_SOURCE),
      refType: nonEmpty(env.CI_COMMIT_TAG) !== undefined ? 'tag' : 'branch',
      workflow: nonEmpty(env.CI_JOB_NAME),
      fork:
        env.CI_MERGE_REQUEST_SOURCE_PROJECT_ID !== undefined &&
        env.CI_MERGE_REQUEST_SOURCE_PROJECT_ID !== env.CI_MERGE_REQUEST_PROJECT_ID,
    }
  } else {
    ctx = { ...base, ci: 'local' }
  }

  // Explicit overrides win, so any CI (Jenkins, Buildkite, a shell) can fill the same fields.
  const repository = o('REPOSITORY')
  const [oOwner, oRepo] = repository?.includes('/')
    ? [
        repository.slice(0, repository.lastIndexOf('/')),
        repository.slice(repository.lastIndexOf('/') + 1),
      ]
    : [undefined, repository]
  return {
    ...ctx,
    owner: oOwner ?? ctx.owner,
    repo: oRepo ?? ctx.repo,
    sha: o('SHA') ?? ctx.sha,
    ref: o('REF') ?? ctx.ref,
    pr: positiveInt(o('PR')) ?? ctx.pr,
    runId: o('RUN_ID') ?? ctx.runId,
    runNumber: o('RUN_NUMBER') ?? ctx.runNumber,
  }
}
