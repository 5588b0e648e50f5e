/**
 * One typed outcome (src/run/outcome.ts): the outputs, the job summary and the comment are views
 * of it, and a run writes its outputs and summary on every path, failures included.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CID } from 'multiformats/cid'
import { parse } from 'yaml'
import { defineRegistry } from '../../src/inputs/plugin.js'
import { PROVIDERS } from '../../src/providers/registry.js'
import { commentBody } from '../../src/run/feedback.js'
import { outputsOf, type Outcome } from '../../src/run/outcome.js'
import { renderJobSummary } from '../../src/run/summary.js'
import { startCloudflareDouble } from '../doubles/cloudflare.js'
import { ROOT } from '../support/action-harness.js'
import { scratch, writeTree } from '../support/fs-tree.js'
import { MemoryStore, memoryProvider, withMemory } from '../support/memory-provider.js'
import { configFor, runRecorded, type Ran } from '../support/recorded-run.js'
import { githubOf, outcomeOf } from '../support/outcome.js'

const tmp = scratch('outcome')
afterAll(tmp.remove)

const ACTION_OUTPUTS = Object.keys(
  (parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { outputs: object }).outputs,
)
const DEPLOY_OUTPUTS = [
  'car-path',
  'car-size',
  'cid',
  'cid-v1',
  'dnslink',
  'dnslink-url',
  'files',
  'gateway-url',
  'results',
  'size',
  'unpinned',
]
const ENV = { IPFS_PIN_REPOSITORY: 'acme/site', IPFS_PIN_SHA: 'a'.repeat(40) }
const site = (): string => writeTree(tmp.next('site'), { 'index.html': '<h1>outcome</h1>' })

/** The job summary the run wrote (the recording host logs it as one entry). */
const summaryOf = (ran: Ran): string => {
  const text = ran.host.text()
  const at = text.lastIndexOf('\n### ')
  return at < 0 ? '' : text.slice(at + 1)
}

const memoryRun = (store: MemoryStore, inputs: Record<string, string> = {}, env = ENV) =>
  runRecorded({ path: site(), provider: 'memory', ...inputs }, tmp.next('t'), env, {
    registry: withMemory(store),
  })

describe('a run writes its outputs and summary on every path', () => {
  it('fails at upload: cid, the failed result and the summary with the failure', async () => {
    const store = new MemoryStore()
    store.fail = 'upload'
    const ran = await memoryRun(store)
    expect(ran.error?.message).toContain('memory: upload failed')
    const out = ran.host.outputs
    expect(Object.keys(out).sort()).toEqual(DEPLOY_OUTPUTS)
    expect(out.cid).toMatch(/^bafy/)
    expect(out.size).toBe(String('<h1>outcome</h1>'.length))
    const results = JSON.parse(out.results ?? '') as Array<{ status: string }>
    expect(results.map((r) => r.status)).toEqual(['failed'])
    const summary = summaryOf(ran)
    expect(summary.split('\n')[0]).toBe(
      `### ❌ Deploy failed \`${out.cid ?? ''}\`: \`memory: upload failed: the store was told to fail\``,
    )
    expect(summary).toContain('| memory | ❌ failed |')
    expect(summary).toContain('<summary>What this run may change</summary>')
  })

  it('a step that throws after the CID is known still writes cid and the summary', async () => {
    const broken = {
      ...memoryProvider(new MemoryStore()),
      create: () => {
        throw new Error('the provider could not start')
      },
    }
    const ran = await runRecorded({ path: site(), provider: 'memory' }, tmp.next('t'), ENV, {
      registry: defineRegistry('provider', [...PROVIDERS.all, broken]),
    })
    // The run fails with the error the step threw.
    expect(ran.error?.message).toBe('the provider could not start')
    expect(ran.host.outputs.cid).toMatch(/^bafy/)
    expect(ran.host.outputs.results).toBe('[]')
    expect(summaryOf(ran).split('\n')[0]).toBe(
      `### ❌ Deploy failed \`${ran.host.outputs.cid ?? ''}\`: \`the provider could not start\``,
    )
  })

  it('fails before the CID: the summary says so, the outputs are empty', async () => {
    const ran = await memoryRun(new MemoryStore(), { name: 'site-{pr}' })
    expect(ran.error?.message).toContain('Input "name" uses {pr}')
    expect(ran.host.outputs.cid).toBe('')
    expect(ran.host.outputs.results).toBe('[]')
    const first = summaryOf(ran).split('\n')[0] ?? ''
    expect(first).toMatch(/^### ❌ Deploy failed: `Input "name" uses \{pr\}/)
    expect(ran.host.text()).not.toContain('upload ')
  })

  it('fails at the names: cid, results and dnslink outputs, the DNSLink section says why', async () => {
    const cf = await startCloudflareDouble({ token: 'cf-token', zones: ['example.org'] })
    try {
      const store = new MemoryStore()
      const ran = await memoryRun(store, {
        dnslink: 'site.example.net',
        'dns-provider': 'cloudflare',
        'cloudflare-token': 'cf-token',
        'cloudflare-api-url': cf.url,
      })
      expect(ran.error).toBeDefined()
      const out = ran.host.outputs
      expect(out.cid).toMatch(/^bafy/)
      expect(store.pins.has(out.cid ?? '')).toBe(true)
      expect((JSON.parse(out.results ?? '') as Array<{ status: string }>)[0]?.status).toBe('pinned')
      const dnslink = JSON.parse(out.dnslink ?? '') as Array<{ name: string; action: string }>
      expect(dnslink.map((d) => [d.name, d.action])).toEqual([['site.example.net', 'failed']])
      expect(out['dnslink-url']).toBe('')
      const summary = summaryOf(ran)
      expect(summary.split('\n')[0]).toMatch(/^### ❌ Deploy failed `bafy\w+`: /)
      expect(summary).toContain('#### 🌐 DNSLink')
      expect(summary).toMatch(/\| `site\.example\.net` \| failed: /)
    } finally {
      await cf.close()
    }
  })

  it('fails at cleanup: the deploy outputs stay, the cleanup section and headline say why', async () => {
    const store = new MemoryStore()
    const first = await memoryRun(store)
    expect(first.error).toBeUndefined()
    store.fail = 'list'
    const ran = await memoryRun(store, { 'unpin-previous': 'true', keep: '1' })
    expect(ran.error?.message).toContain('memory')
    const out = ran.host.outputs
    expect(out.cid).toMatch(/^bafy/)
    expect(out.unpinned).toBe('[]')
    const summary = summaryOf(ran)
    expect(summary.split('\n')[0]).toMatch(/^### ❌ Deploy failed `bafy\w+`: `.*memory/)
    expect(summary).toContain('#### 🧹 Cleanup of scope')
    expect(summary).toMatch(/Failed:\n\n- `.*memory/)
  })

  it('fails at cleanup in mode cleanup: every output, the cleanup headline', async () => {
    const store = new MemoryStore()
    store.fail = 'list'
    const ran = await runRecorded(
      { mode: 'cleanup', provider: 'memory', 'unpin-previous': 'true' },
      tmp.next('t'),
      { ...ENV, IPFS_PIN_PR: '3' },
      { registry: withMemory(store) },
    )
    expect(ran.error?.message).toContain('memory')
    expect(Object.keys(ran.host.outputs).sort()).toEqual([...ACTION_OUTPUTS].sort())
    expect(ran.host.outputs.cid).toBe('')
    expect(summaryOf(ran).split('\n')[0]).toMatch(/^### ❌ Cleanup failed: `.*memory/)
  })
})

describe('the views of an outcome', () => {
  const config = configFor(
    { path: 'examples/planets', provider: 'memory' },
    tmp.next('t'),
    ENV,
    withMemory(new MemoryStore()),
  )
  const root = CID.parse('bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy')
  const done: Outcome = outcomeOf(config, {
    content: {
      root,
      cids: [root],
      gatewayUrl: `https://dweb.link/ipfs/${root.toString()}`,
      built: {
        profile: 'unixfs-v1-2025',
        params: (config.content as Extract<typeof config.content, { kind: 'path' }>).params,
        name: 'planets',
        wrapped: false,
        files: 1,
        bytes: 5,
        blocks: 1,
        carPath: `/tmp/${root.toString()}.car`,
        carSize: 100,
        seconds: 0.5,
        skipped: [],
      },
    },
    providers: [
      { provider: 'memory', status: 'pinned', expectedCid: root.toString(), durationMs: 10 },
    ],
  })

  it('outputs: keys among action.yml outputs, values from the outcome', () => {
    for (const o of [done, outcomeOf(config), { ...outcomeOf(config), mode: 'cleanup' as const }])
      for (const k of Object.keys(outputsOf(o))) expect(ACTION_OUTPUTS).toContain(k)
    const out = outputsOf(done)
    expect(Object.keys(out).sort()).toEqual(DEPLOY_OUTPUTS)
    expect(out.cid).toBe(root.toString())
    expect(out['car-size']).toBe('100')
    expect(JSON.parse(out.results ?? '')).toEqual(done.providers)
    expect(outputsOf({ ...done, names: { dnslink: [], ipnsName: 'k51x' } })['ipns-name']).toBe(
      'k51x',
    )
  })

  it('summary: the headline, the facts, the providers and a failure from one outcome', () => {
    const summary = renderJobSummary(done)
    expect(summary.split('\n')[0]).toBe(
      `### ✅ Pinned on memory: \`${root.toString()}\` · [open](https://dweb.link/ipfs/${root.toString()})`,
    )
    expect(summary).toContain('- **Content**: `planets`: 1 file, 5 B')
    expect(summary).toContain('| memory | ✅ pinned |')
    const failed = renderJobSummary({ ...done, failure: 'first\nsecond' })
    expect(failed.split('\n')[0]).toBe(`### ❌ Deploy failed \`${root.toString()}\`: \`first\``)
    // The comment reads the dry run from the outcome (the plan's), not from the inputs.
    const dry = commentBody(
      { ...done, dryRun: true, providers: [{ ...done.providers[0]!, status: 'skipped' }] },
      githubOf(config),
    )
    expect(dry).toContain('| memory | ⏭️ dry run |')
  })
})
