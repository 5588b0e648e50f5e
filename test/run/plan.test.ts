/**
 * The run plan: what a run does, decided once from the mode, the event and the inputs (src/run/plan.ts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { INPUT_DEFAULTS, readConfig } from '../../src/config/config.js'
import type { InputName } from '../../src/inputs/action-spec.generated.js'
import type { RunContext } from '../../src/inputs/context.js'
import { planRun, type RunPlan } from '../../src/run/plan.js'

const ws = mkdtempSync(path.join(tmpdir(), 'plan-'))
writeFileSync(path.join(ws, 'index.html'), '<h1>hi</h1>')
const CID = 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'

const ctx = (over: Partial<RunContext> = {}): RunContext => ({
  ci: 'github',
  owner: 'acme',
  repo: 'site',
  sha: '0123456789abcdef0123456789abcdef01234567',
  ref: 'main',
  runId: '42',
  runNumber: '7',
  apiUrl: 'https://api.github.com',
  serverUrl: 'https://github.com',
  tempDir: tmpdir(),
  cwd: ws,
  eventName: 'push',
  ...over,
})

const BASE = {
  path: ws,
  provider: 'cluster',
  'cluster-url': 'http://127.0.0.1:9094',
  dnslink: 'example.org, pr-{pr}.preview.example.org',
  'dns-provider': 'cloudflare',
  'cloudflare-token': 'cf-token-plan-1',
}

function plan(inputs: Partial<Record<InputName, string>>, context = ctx()): RunPlan {
  const all: Partial<Record<InputName, string>> = { ...BASE, ...inputs }
  const source = {
    get: (n: InputName) => all[n] ?? INPUT_DEFAULTS[n].replace(/^\$\{\{.*\}\}$/, ''),
  }
  return planRun(readConfig(source, context))
}

const PR = ctx({ eventName: 'pull_request', pr: 5, ref: 'refs/pull/5/merge' })

describe('planRun', () => {
  it('plans a push deploy: builds the folder, uploads, sets the names it may, cleans up the previous deploys', () => {
    const p = plan({ 'unpin-previous': 'true' })
    expect(p).toMatchObject({
      mode: 'deploy',
      dryRun: false,
      build: 'path',
      upload: ['cluster'],
      names: 'set',
      cleanUp: { scope: 'previous', listed: 0 },
      feedback: { summary: true },
    })
    expect(p.decision).toEqual({ may: p.may, dryRun: false, gateway: p.decision.gateway })
    expect(p.may.names.map((n) => [n.name, n.may])).toContainEqual(['example.org', 'set'])
  })

  it('lets a pull request set only its own preview name', () => {
    const p = plan({}, PR)
    expect(p.names).toBe('set')
    expect(p.may.names.map((n) => [n.name, n.may])).toEqual([
      ['example.org', 'keep'],
      ['pr-5.preview.example.org', 'set'],
    ])
  })

  it('reads dry-run once: the plan and the decision the name kinds ask both carry it', () => {
    const p = plan({ 'dry-run': 'true' })
    expect(p.dryRun).toBe(true)
    expect(p.decision.dryRun).toBe(true)
    expect(p.may.dryRun).toBe(true)
  })

  it('runs the retrieval check only when something was uploaded', () => {
    expect(plan({ 'check-gateways': 'https://ipfs.io' }).check).toBe(true)
    expect(plan({ 'check-gateways': 'https://ipfs.io', 'dry-run': 'true' }).check).toBe(false)
    expect(plan({}).check).toBe(false)
  })

  it('pins given CIDs without building', () => {
    const p = plan({ path: '', cid: CID })
    expect(p.build).toBe('cid')
    expect(p.upload).toEqual(['cluster'])
  })

  it('plans a cleanup: nothing built or uploaded, the pull request names retired, the scope unpinned', () => {
    const p = plan({ mode: 'cleanup', path: '' }, PR)
    expect(p).toMatchObject({ mode: 'cleanup', build: 'none', upload: [], names: 'retire' })
    expect(p.cleanUp?.scope).toBe('all')
    expect(p.may.names.map((n) => [n.name, n.may])).toEqual([
      ['example.org', 'keep'],
      ['pr-5.preview.example.org', 'remove'],
    ])
  })

  it('cleans up nothing when unpin-previous is off (its default) and no CID is listed', () => {
    expect(plan({}).cleanUp).toBeUndefined()
    expect(plan({ unpin: CID }).cleanUp).toEqual({ listed: 1 })
  })
})
