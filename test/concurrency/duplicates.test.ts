/**
 * What two runs may each create at the same moment converges to exactly one, by a fixed rule
 * (docs/concurrency.md):
 * - two runs for one pull request, with no comment yet, each create the sticky comment: the
 *   oldest comment stays, the other is deleted, and it ends with the later run's text;
 * - the same run twice (a re-run while the first attempt's request is still in flight) leaves two
 *   live PSA requests for one CID and scope: the one with the newest claim stays.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { startGithubDouble, type GithubDouble } from '../doubles/github.js'
import { scratch } from '../support/fs-tree.js'
import { after, req, traffic } from '../support/interleave.js'
import { at, cidOf, envOf, green, key, prScope, start, startFamily, type Family } from './world.js'

const tmp = scratch('concurrency-duplicates')
afterAll(tmp.remove)

const GH_TOKEN = 'concurrency-github-token-91'

let f: Family | undefined
let gh: GithubDouble | undefined
afterEach(async () => {
  await Promise.all([f?.close(), gh?.close()])
  f = undefined
  gh = undefined
})

describe('two runs for one pull request', () => {
  it("both find no comment and create one: the oldest stays, with the later run's text", async () => {
    f = await startFamily('cluster', tmp)
    gh = await startGithubDouble(GH_TOKEN)
    const t = traffic()
    const run = async (name: string, version: string, minute: number) => {
      const inputs = {
        ...(await f!.inputs(name, t)),
        ...f!.content(version),
        'github-token': GH_TOKEN,
        'pr-comment': 'true',
      }
      const env = {
        ...envOf(name, { pr: 7 }),
        GITHUB_API_URL: await t.url(gh!.server, 'github', name),
      }
      return start(tmp, t, name, inputs, env, minute)
    }
    await Promise.all([f.inputs('A', t), f.inputs('B', t)])
    await Promise.all([t.url(gh.server, 'github', 'A'), t.url(gh.server, 'github', 'B')])
    const comments = (run: string, method: string) =>
      req(run, 'github', method, '/repos/acme/site/issues/7/comments')
    // Both look for the comment before either creates one; A lists again after B created its own.
    t.hold('A creates after B looked', comments('A', 'POST'), { answered: comments('B', 'GET') })
    t.hold('B creates after A did', comments('B', 'POST'), { answered: comments('A', 'POST') })
    t.hold('A lists again after B created', after(comments('A', 'POST'), comments('A', 'GET')), {
      answered: comments('B', 'POST'),
    })
    const [a, b] = await Promise.all([run('A', 'pr-a', 10), run('B', 'pr-b', 11)])
    green(a)
    const cidB = b.host.outputs.cid ?? ''
    green(b)
    const left = gh.comments.get(7) ?? []
    expect(left).toHaveLength(1)
    // The later run's text: its CID, not the earlier push's.
    expect(left[0]?.body).toContain(cidB)
    expect(left[0]?.body).toContain(new Date(at(11)).toISOString())
    expect(t.unmet()).toEqual([])
  })
})

describe('the same run twice', () => {
  it("a re-run while the first attempt's request is in flight: one live request stays", async () => {
    f = await startFamily('psa', tmp)
    const t = traffic()
    const x = cidOf('x')
    // A re-run keeps the run id and the commit; its attempt starts later.
    const env = envOf('attempt', { pr: 7, runId: '4242' })
    await Promise.all([f.inputs('ATT1', t), f.inputs('RERUN', t)])
    const post = (run: string) => req(run, 'psa', 'POST', '/pins')
    t.hold("the first attempt's request lands after the re-run's", post('ATT1'), {
      answered: post('RERUN'),
    })
    t.hold('the re-run lists again after both landed', after(post('RERUN'), f.readCid('RERUN')), {
      answered: post('ATT1'),
    })
    const deploy = async (name: string, minute: number) =>
      start(tmp, t, name, { ...(await f!.inputs(name, t)), cid: x }, env, minute)
    const [first, rerun] = await Promise.all([deploy('ATT1', 10), deploy('RERUN', 12)])
    expect(green(first)).toBe(key(x))
    expect(green(rerun)).toBe(key(x))
    const records = f.claims(x)
    expect(records).toHaveLength(1)
    expect(records[0]).toEqual([{ scope: prScope(7), time: new Date(at(12)).toISOString() }])
    expect(t.unmet()).toEqual([])
  })
})
