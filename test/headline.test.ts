/**
 * The summary's first line: status, CID and link at a glance; a dry run says so first; a
 * failure says what failed, inert. Then the same through a run.
 */
import { describe, expect, it } from 'vitest'
import type { CleanupReport } from '../src/cleanup/cleanup.js'
import type { ProviderResult } from '../src/run/upload.js'
import {
  CHECK_SKIPPED_DRY_RUN,
  DRY_RUN_NOTE,
  renderHeadline,
  type HeadlineInput,
} from '../src/run/summary.js'
import { startClusterDouble } from './doubles/cluster.js'
import { scratch, writeTree } from './support/fs-tree.js'
import { runRecorded } from './support/recorded-run.js'

const CID = 'bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi'
const URL = `https://dweb.link/ipfs/${CID}`
const result = (provider: string, status: ProviderResult['status']): ProviderResult => ({
  provider,
  status,
  expectedCid: CID,
  durationMs: 1,
})
/** A cleanup's unpinned list: [cid, provider] pairs. */
const unpinned = (...pairs: Array<[string, string]>): Pick<CleanupReport, 'unpinned'> => ({
  unpinned: pairs.map(([cid, provider]) => ({ cid, provider, action: 'unpinned' as const })),
})
const base: HeadlineInput = {
  mode: 'deploy',
  dryRun: false,
  cid: CID,
  url: URL,
  providers: 2,
  results: [result('pinata', 'pinned'), result('cluster', 'pinned')],
  scope: 'production',
}

describe('renderHeadline', () => {
  it('says where it is pinned, the CID and the link', () => {
    expect(renderHeadline(base)).toBe(
      `### ✅ Pinned on pinata, cluster: \`${CID}\` · [open](${URL})`,
    )
    expect(
      renderHeadline({ ...base, results: [result('pinata', 'pinned'), result('psa', 'queued')] }),
    ).toBe(`### ✅ Pinned on pinata (psa still pinning): \`${CID}\` · [open](${URL})`)
    expect(renderHeadline({ ...base, providers: 0, results: [], url: undefined })).toBe(
      `### 📦 CID computed offline (nothing uploaded): \`${CID}\``,
    )
  })

  it('puts a dry run first, in one heading, and says under it what that means', () => {
    expect(renderHeadline({ ...base, dryRun: true, results: [result('pinata', 'skipped')] })).toBe(
      `### 🧪 Dry run, would pin on pinata: \`${CID}\` · [open](${URL})\n\n${DRY_RUN_NOTE}`,
    )
    const three = unpinned(['a', 'pinata'], ['a', 'psa'], ['b', 'pinata'], ['c', 'pinata'])
    expect(renderHeadline({ ...base, mode: 'cleanup', dryRun: true, unpinned: three })).toBe(
      `### 🧪 Dry run, cleanup of scope \`production\`: 3 CIDs would be unpinned from 2 providers\n\n${DRY_RUN_NOTE}`,
    )
    expect(
      renderHeadline({ ...base, providers: 0, results: [], url: undefined, dryRun: true }),
    ).toBe(`### 🧪 Dry run, CID computed offline (nothing uploaded): \`${CID}\`\n\n${DRY_RUN_NOTE}`)
    // One heading: a single "###", and one colon before the CID.
    const first = renderHeadline({ ...base, dryRun: true }).split('\n')[0] ?? ''
    expect(first.match(/###/g)).toHaveLength(1)
    expect(first.split(': ')).toHaveLength(2)
  })

  it('says what failed, in a code span that renders nothing', () => {
    expect(
      renderHeadline({ ...base, failure: 'pinata: HTTP 500: <img src=x> **bold** | pipe' }),
    ).toBe(`### ❌ Deploy failed \`${CID}\`: \`pinata: HTTP 500: <img src=x> **bold** | pipe\``)
    expect(renderHeadline({ ...base, mode: 'cleanup', cid: '', failure: 'x' })).toBe(
      '### ❌ Cleanup failed: `x`',
    )
    // Counted by CID: one deploy pinned on three providers is one CID unpinned.
    const one = unpinned(['a', 'pinata'], ['a', 'psa'], ['a', 'cluster'])
    expect(renderHeadline({ ...base, mode: 'cleanup', unpinned: one })).toBe(
      '### 🧹 Cleanup of scope `production`: 1 CID unpinned from 3 providers',
    )
    expect(renderHeadline({ ...base, mode: 'cleanup', unpinned: unpinned() })).toBe(
      '### 🧹 Cleanup of scope `production`: 0 CIDs unpinned',
    )
  })
})

describe('the summary of a run', () => {
  const tmp = scratch('headline')
  it('starts with the headline, and a dry run says so on its first line', async () => {
    const cluster = await startClusterDouble()
    try {
      const site = writeTree(tmp.next('site'), { 'index.html': '<h1>hi</h1>' })
      const inputs = { path: site, provider: 'cluster', 'cluster-url': cluster.url }
      const ran = await runRecorded(inputs, tmp.next('t'))
      expect(ran.error).toBeUndefined()
      const summary = ran.host.text().slice(ran.host.text().indexOf('### '))
      expect(summary.split('\n')[0]).toMatch(
        /^### ✅ Pinned on cluster: `bafy\w+` · \[open\]\(https:\/\/dweb\.link\/ipfs\/bafy\w+\)$/,
      )
      const dry = await runRecorded({ ...inputs, 'dry-run': 'true' }, tmp.next('t'))
      const drySummary = dry.host.text().slice(dry.host.text().indexOf('### '))
      expect(drySummary.split('\n')[0]).toMatch(/^### 🧪 Dry run, would pin on cluster: `bafy\w+`/)
      expect(drySummary.split('\n')[2]).toBe(DRY_RUN_NOTE)
    } finally {
      await cluster.close()
    }
  })

  it('reads at a glance: the CID once, no empty table header, a skipped check said, one heading each', async () => {
    const cluster = await startClusterDouble()
    try {
      const site = writeTree(tmp.next('site'), { 'index.html': '<h1>hi</h1>' })
      const inputs = { path: site, provider: 'cluster', 'cluster-url': cluster.url }
      const ran = await runRecorded(inputs, tmp.next('t'))
      const cid = ran.host.outputs.cid ?? ''
      const summary = ran.host.text().slice(ran.host.text().indexOf('### '))
      // The first screen of the summary: the CID once (the headline), its rows without it.
      // (Link targets aside: they are not shown.)
      const firstScreen = summary
        .split('\n')
        .slice(0, 20)
        .join('\n')
        .replace(/\]\([^)]*\)/g, ']')
      expect(firstScreen.split(cid)).toHaveLength(2)
      expect(summary).not.toMatch(/^\|\s*\|\s*\|$/m)
      expect(summary).toContain('- **Profile**: `unixfs-v1-2025`')
      expect(summary).toMatch(
        /\| Provider \| Status \| Time \| Note \|\n.*\n\| cluster \| ✅ pinned \|/,
      )

      // A dry run that asks for a retrieval check says it was skipped, and why.
      const dry = await runRecorded(
        { ...inputs, 'dry-run': 'true', 'check-gateways': 'http://127.0.0.1:9' },
        tmp.next('t'),
      )
      expect(dry.error).toBeUndefined()
      expect(dry.host.text()).toContain(`#### 🔎 Retrieval check\n\n${CHECK_SKIPPED_DRY_RUN}`)

      // A cleanup run: its headline is the cleanup's, never repeated as a section heading; it
      // counts CIDs.
      const clean = await runRecorded(
        {
          provider: 'cluster',
          'cluster-url': cluster.url,
          mode: 'cleanup',
          scope: 'acme/site#pr-1',
        },
        tmp.next('t'),
      )
      expect(clean.error).toBeUndefined()
      const text = clean.host.text().slice(clean.host.text().indexOf('### '))
      expect(text.match(/Cleanup of scope/g)).toHaveLength(1)
      expect(text.split('\n')[0]).toMatch(
        /^### 🧹 Cleanup of scope `acme\/site#pr-1`: \d+ CIDs? unpinned/,
      )
    } finally {
      await cluster.close()
    }
  })
})
