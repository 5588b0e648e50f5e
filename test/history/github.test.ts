/**
 * The scope's GitHub Deployments in the history (docs/rollback.md#github-deployments), read
 * through the run's one GitHub client (src/run/github.ts) against the GitHub API double: a
 * deploy only GitHub still knows is listed, pinned nowhere, with its Deployment; nothing is read
 * without `deployment: true`; whatever GitHub sends (pages longer than asked, endless pages,
 * repeated ids, thousands of statuses, HTML, an echoed token) stays within the reader's bounds
 * and only makes the history incomplete, with the token masked.
 */
import { createHash } from 'node:crypto'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { create as digest } from 'multiformats/hashes/digest'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Config } from '../../src/config/types.js'
import {
  deploymentDescription,
  historyMarkdown,
  readHistory,
  type History,
} from '../../src/history/index.js'
import { openSession } from '../../src/http/session.js'
import { deploymentsOf, openGithub } from '../../src/run/github.js'
import { TAG } from '../../src/tags.js'
import { startGithubDouble, type GithubDouble } from '../doubles/github.js'
import { fakeClock } from '../support/clock.js'
import { scratch } from '../support/fs-tree.js'
import { createMemoryProvider, MemoryStore, withMemory } from '../support/memory-provider.js'
import { configFor, recordingHost } from '../support/recorded-run.js'

const tmp = scratch('history-github')
afterAll(tmp.remove)

const TOKEN = 'ghs_historyReadToken0000000000000000000077'
const SCOPE = 'acme/site@production'
const cidOf = (label: string): string =>
  CID.create(1, raw.code, digest(0x12, createHash('sha256').update(label).digest())).toString()
const [V1, V2, V3] = [cidOf('v1'), cidOf('v2'), cidOf('v3')]
const sha = (n: number): string => n.toString(16).padStart(2, '0').repeat(20)
const day = (d: number): string => new Date(Date.UTC(2026, 10, d, 12)).toISOString()

let gh: GithubDouble
let store: MemoryStore
beforeEach(async () => {
  gh = await startGithubDouble(TOKEN)
  store = new MemoryStore()
})
afterEach(async () => gh.close())

const config = (inputs: Record<string, string> = {}): Config =>
  configFor(
    {
      cid: V3,
      provider: 'memory',
      'github-token': TOKEN,
      deployment: 'true',
      retries: '1',
      ...inputs,
    },
    tmp.next('run'),
    {
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'acme/site',
      GITHUB_API_URL: gh.url,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_SHA: sha(9),
    },
    withMemory(store),
  )

/** A deploy as the action records it: created, in progress, then `Pinned <cid>` (or failed). */
function deployed(
  cid: string | undefined,
  opts: { day: number; sha: string; scope?: string; description?: string },
) {
  const id = 500 + gh.deployments.length
  gh.deployments.push({
    id,
    ref: opts.sha,
    sha: opts.sha,
    environment: 'production',
    transient: false,
    description: opts.description ?? `IPFS deploy (${opts.scope ?? SCOPE})`,
    created_at: day(opts.day),
    statuses: [
      { state: 'in_progress' },
      cid !== undefined
        ? {
            state: 'success',
            description: `Pinned ${cid}`,
            environment_url: `https://example.org/${opts.day}`,
          }
        : { state: 'failure', description: 'The retrieval check failed' },
    ],
  })
  return id
}

/** The history as the run reads it: its providers, and GitHub through the run's client. */
async function read(
  cfg: Config,
  scope = SCOPE,
): Promise<{ h: History; warnings: string[]; logs: string }> {
  const host = recordingHost()
  const session = openSession({ ...cfg.pinning, secrets: cfg.secrets }, host, {
    clock: fakeClock(),
  })
  const warnings: string[] = []
  const github = deploymentsOf(cfg, openGithub(cfg, session))
  try {
    const h = await readHistory({
      scope,
      providers: [createMemoryProvider(store)],
      ...(github !== undefined ? { github } : {}),
      signal: session.limit(),
      clean: (t) => session.clean(t),
      warn: (m) => warnings.push(m),
    })
    return { h, warnings, logs: host.text() }
  } finally {
    session.close()
  }
}

const requests = (path: RegExp) =>
  gh.server.requests.filter((r) => r.method === 'GET' && path.test(r.url ?? '')).length

describe('GitHub Deployments in the history', () => {
  it('names a scope longer than GitHub keeps of a description by a tag that fits, and reads back only its own', async () => {
    // Short scopes keep the words earlier runs wrote, so their Deployments still read.
    expect(deploymentDescription('deploy', SCOPE)).toBe(`IPFS deploy (${SCOPE})`)
    const long = `acme/site@${'x'.repeat(190)}`
    const sibling = `acme/site@${'x'.repeat(189)}y`
    for (const kind of ['deploy', 'rollback'] as const) {
      expect(deploymentDescription(kind, long).length).toBeLessThanOrEqual(140)
      expect(deploymentDescription(kind, long)).not.toBe(deploymentDescription(kind, sibling))
    }
    deployed(V1, { day: 1, sha: sha(1), description: deploymentDescription('deploy', long) })
    deployed(V2, { day: 2, sha: sha(2), description: deploymentDescription('rollback', long) })
    deployed(V3, { day: 3, sha: sha(3), description: deploymentDescription('deploy', sibling) })
    const { h } = await read(config(), long)
    expect(h.entries.map((e) => e.cid)).toEqual([V2, V1])
  })

  it('lists a deploy only GitHub knows, pinned nowhere, with its Deployment and commit', async () => {
    store.pins.set(V2, {
      name: 'v2',
      metadata: { [TAG.scope]: SCOPE, [TAG.time]: day(2), [TAG.sha]: sha(2) },
      created: day(2),
    })
    const one = deployed(V1, { day: 1, sha: sha(1) })
    const two = deployed(V2, { day: 2, sha: sha(2) })
    deployed(undefined, { day: 3, sha: sha(3) }) // failed: names no CID
    deployed(V3, { day: 4, sha: sha(4), scope: 'acme/other@production' })
    const { h, warnings } = await read(config())
    expect(warnings).toEqual([])
    expect(h.entries).toEqual([
      {
        cid: V2,
        time: day(2),
        sha: sha(2),
        pinned: [{ provider: 'memory', state: 'pinned' }],
        github: { id: two, state: 'success', url: 'https://example.org/2' },
      },
      {
        cid: V1,
        time: day(1),
        sha: sha(1),
        ref: sha(1),
        pinned: [],
        github: { id: one, state: 'success', url: 'https://example.org/1' },
      },
    ])
    expect(historyMarkdown(h)).toMatch(
      /`bafk\w+` \| 2026-11-01T12:00:00Z \| `010101\w*` \| .* not listed by any provider \|/,
    )
  })

  it("lists GitHub's deploys when the provider's listing fails, the provider named incomplete", async () => {
    store.fail = 'list'
    const one = deployed(V1, { day: 1, sha: sha(1) })
    const { h, warnings } = await read(config())
    expect(h.entries.map((e) => [e.cid, e.pinned, e.github?.id])).toEqual([[V1, [], one]])
    expect(h.incomplete).toEqual(['memory'])
    expect(warnings).toEqual([
      expect.stringMatching(/^The deployment history may miss some: memory/),
    ])
  })

  it('reads nothing without `deployment: true` or without a token', async () => {
    deployed(V1, { day: 1, sha: sha(1) })
    for (const cfg of [config({ deployment: 'false' }), config({ 'github-token': '' })]) {
      const { h } = await read(cfg)
      expect(h.entries).toEqual([])
    }
    expect(gh.server.requests).toEqual([])
  })
})

describe('a hostile Deployments answer stays bounded', () => {
  /** `n` deployments of `scope`, every field just over its bound but the id (`twice`: each id twice). */
  const page = (n: number, scope: string, twice = false) =>
    JSON.stringify(
      Array.from({ length: n }, (_, i) => ({
        id: twice ? Math.floor(i / 2) : i,
        sha: 'f'.repeat(65),
        ref: 'r'.repeat(201),
        description: `IPFS deploy (${scope})`,
        created_at: 'x'.repeat(41),
      })),
    )

  it('looks at 3 pages of 100 at most, however long or endless they are', async () => {
    // Every page holds 5,000 deployments of another scope, and there is always a next page.
    gh.fault = (_n, path, method) =>
      method === 'GET' && path.endsWith('/deployments')
        ? {
            status: 200,
            body: page(5000, 'acme/other@production'),
            headers: { link: '<x>; rel="next"' },
          }
        : undefined
    const { h } = await read(config())
    expect(h.entries).toEqual([])
    expect(requests(/\/deployments\?/)).toBe(3)
    expect(requests(/\/statuses/)).toBe(0)
  })

  it('reads the statuses of 20 deployments at most, each id once, and keeps only what is well formed', async () => {
    // One page of 5,000 of this scope, each id twice in a row; each deployment has 1,000
    // statuses, the newest of which names no CID (a description of 100 KB, a script URL).
    gh.fault = (_n, path, method) => {
      if (method !== 'GET') return undefined
      if (path.endsWith('/deployments')) return { status: 200, body: page(5000, SCOPE, true) }
      const id = /\/deployments\/(\d+)\/statuses$/.exec(path)?.[1]
      if (id === undefined) return undefined
      const statuses = [
        {
          state: 'success',
          description: `Pinned ${'x'.repeat(100_000)}`,
          environment_url: 'javascript:alert(1)',
        },
        ...Array.from({ length: 999 }, () => ({
          state: 'success',
          description: `Pinned ${cidOf(id)}`,
        })),
      ]
      return { status: 200, body: JSON.stringify(statuses) }
    }
    const { h } = await read(config())
    expect(requests(/\/deployments\?/)).toBe(1)
    expect(requests(/\/statuses/)).toBe(20)
    expect(h.entries).toHaveLength(20)
    expect(new Set(h.entries.map((e) => e.github?.id)).size).toBe(20)
    for (const e of h.entries) {
      // Strings over their bounds are dropped, not kept: no sha, ref, time or URL.
      expect(e).toEqual({
        cid: cidOf(String(e.github?.id)),
        pinned: [],
        github: { id: e.github?.id, state: 'success' },
      })
    }
  })

  it('an HTML page or an error that echoes the token: the history is incomplete, the token masked', async () => {
    deployed(V1, { day: 1, sha: sha(1) })
    gh.fault = (n) =>
      n % 2 === 1
        ? {
            status: 200,
            body: '<!doctype html><html><body>Unicorn!</body></html>',
            headers: { 'content-type': 'text/html' },
          }
        : { status: 500, body: JSON.stringify({ message: `bad token Bearer ${TOKEN}` }) }
    const { h, warnings, logs } = await read(config())
    expect(h.entries).toEqual([])
    expect(h.incomplete).toEqual(['github'])
    expect(warnings).toEqual([
      expect.stringMatching(/^The deployment history leaves GitHub Deployments out: /),
    ])
    expect([...warnings, logs].join('\n')).not.toContain(TOKEN)
    expect(requests(/\/deployments\?/)).toBeLessThanOrEqual(2)
  })
})
