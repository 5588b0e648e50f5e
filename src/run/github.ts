/**
 * The run's one GitHub REST client (`GITHUB_API_URL`), opened once by `run()` when the run has
 * a token and a repository: the feedback writes through it (src/run/feedback.ts), and the
 * deployment history reads the scope's GitHub Deployments through it (src/history/github.ts).
 * Same HTTP core as the providers: retries by one policy, the stall watchdog, the run's
 * `timeout`, the token masked in every message and never in a URL.
 */
import type { Config } from '../config/types.js'
import { createHttpClient, type HttpClient } from '../http/client.js'
import type { Session } from '../http/session.js'
import type { GetJson } from '../history/index.js'

export interface GithubApi {
  readonly http: HttpClient
  /** `/repos/{owner}/{repo}`, each part encoded. */
  readonly repo: string
  /** The run's page, for `log_url` and `target_url`, when known. */
  readonly runUrl?: string
  /** A GET below `repo` (`/deployments`), its JSON body: what src/history/github.ts reads with. */
  readonly get: GetJson
}

/** The client, or undefined when the run has no token or no GitHub repository (no request made). */
export function openGithub(config: Config, session: Session): GithubApi | undefined {
  const { report, context: c } = config
  if (report.githubToken === undefined || c.owner === undefined || c.repo === undefined)
    return undefined
  const http = createHttpClient({
    ...session.deps,
    provider: 'github',
    baseUrl: c.apiUrl.replace(/\/+$/, ''),
    headers: {
      authorization: `Bearer ${report.githubToken}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'content-type': 'application/json',
    },
    credentials: ['github-token'],
  })
  const repo = `/repos/${encodeURIComponent(c.owner)}/${encodeURIComponent(c.repo)}`
  return {
    http,
    repo,
    ...(c.runId !== undefined
      ? { runUrl: `${c.serverUrl}/${c.owner}/${c.repo}/actions/runs/${c.runId}` }
      : {}),
    get: async (path, query) =>
      (
        await http.json<unknown>({
          operation: 'github-read',
          method: 'GET',
          path: `${repo}${path}`,
          query,
          signal: session.limit(),
        })
      ).value,
  }
}

/**
 * Where the history reads GitHub Deployments (docs/rollback.md#github-deployments): only with
 * `deployment: true`, the input that makes the action write them. Without it there are none of
 * the action's to read, and a token without `deployments: read` would only add a warning to
 * every run.
 */
export function deploymentsOf(
  config: Config,
  github: GithubApi | undefined,
): { readonly get: GetJson; readonly environment: string } | undefined {
  if (github === undefined || !config.report.deployment) return undefined
  return { get: github.get, environment: config.naming.environment }
}
