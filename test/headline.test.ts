/**
 * The summary's first line: status, CID and link at a glance; a dry run says so first; a
 * failure says what failed, inert. Then the same through a run.
 */
import { describe, expect, it } from 'vitest'
import type { ProviderResult } from '../src/deploy.js'
import { renderHeadline, type HeadlineInput } from '../src/report.js'
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

  it('puts a dry run first', () => {
    expect(renderHeadline({ ...base, dryRun: true, results: [result('pinata', 'skipped')] })).toBe(
      `### 🧪 Dry run (nothing was uploaded, pinned, unpinned or changed): would pin on pinata: \`${CID}\` · [open](${URL})`,
    )
    expect(renderHeadline({ ...base, mode: 'cleanup', dryRun: true, unpinned: 3 })).toBe(
      '### 🧪 Dry run (nothing was uploaded, pinned, unpinned or changed): Cleanup of scope `production`: 3 pins would be unpinned',
    )
  })

  it('says what failed, in a code span that renders nothing', () => {
    expect(
      renderHeadline({ ...base, failure: 'pinata: HTTP 500: <img src=x> **bold** | pipe' }),
    ).toBe(`### ❌ Deploy failed \`${CID}\`: \`pinata: HTTP 500: <img src=x> **bold** | pipe\``)
    expect(renderHeadline({ ...base, mode: 'cleanup', cid: '', failure: 'x' })).toBe(
      '### ❌ Cleanup failed: `x`',
    )
    expect(renderHeadline({ ...base, mode: 'cleanup', unpinned: 1 })).toBe(
      '### 🧹 Cleanup of scope `production`: 1 pin unpinned',
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
      expect(drySummary.split('\n')[0]).toMatch(/^### 🧪 Dry run \(nothing was uploaded/)
    } finally {
      await cluster.close()
    }
  })
})
