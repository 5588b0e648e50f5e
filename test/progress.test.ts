/**
 * Progress lines: percent of the bytes, files ("1 file"), rate and time left while the CAR is
 * built; bytes sent per provider during uploads; the total measured without losing a file's size
 * to another worker. The wiring is driven by a ticker the test calls, never by wall-clock time.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Entry } from '../src/content/collect.js'
import { buildLine, formatLeft, totalBytes, uploadLine } from '../src/run/progress.js'
import { startClusterDouble, type ClusterDouble } from './doubles/cluster.js'
import { startPinataDouble, type PinataDouble } from './doubles/pinata.js'
import { scratch } from './support/fs-tree.js'
import { runRecorded } from './support/recorded-run.js'

const MiB = 1024 * 1024
const tmp = scratch('progress')

describe('progress lines', () => {
  it('say percent, files, rate and time left while the CAR is built', () => {
    expect(
      buildLine({
        bytes: 300 * MiB,
        files: 3,
        totalFiles: 7,
        totalBytes: 1200 * MiB,
        elapsedMs: 10_000,
      }),
    ).toBe(
      'Building the CAR: 25% of 1.2 GiB (300.0 MiB read), 3 of 7 files, 30.0 MiB/s, about 30 s left',
    )
    // Before the total is measured: what was read, no percent.
    expect(buildLine({ bytes: 5 * MiB, files: 0, totalFiles: 1, elapsedMs: 1000 })).toBe(
      'Building the CAR: 5.0 MiB read, 1 file, 5.0 MiB/s',
    )
    expect(
      buildLine({ bytes: 2 * MiB, files: 1, totalFiles: 1, totalBytes: 2 * MiB, elapsedMs: 500 }),
    ).toBe('Building the CAR: 100% of 2.0 MiB (2.0 MiB read), 1 file, 4.0 MiB/s')
    expect(
      buildLine({ bytes: 0, files: 0, totalFiles: 200_000, totalBytes: MiB, elapsedMs: 0 }),
    ).toBe('Building the CAR: 0% of 1.0 MiB (0 B read), 0 of 200,000 files, 0 B/s')
  })

  it('say bytes sent of the body per provider, and when all is sent', () => {
    const t = { provider: 'pinata', progress: { sent: 100 * MiB }, total: 400 * MiB, startedAt: 0 }
    expect(uploadLine(t, 20_000)).toBe(
      'Uploading to pinata: 25% of 400.0 MiB (100.0 MiB sent), 5.0 MiB/s, about 1 min 0 s left',
    )
    expect(uploadLine({ ...t, approximate: true }, 20_000)).toMatch(
      /^Uploading to pinata: 25% of about 400\.0 MiB/,
    )
    expect(uploadLine({ ...t, progress: { sent: 400 * MiB } }, 20_000)).toBe(
      'Uploading to pinata: all 400.0 MiB sent, waiting for its answer',
    )
    expect(formatLeft(0.2)).toBe('1 s')
    expect(formatLeft(3725)).toBe('1 h 2 min')
  })

  it('measure the total of every file in parallel, symlinks as links', async () => {
    const dir = tmp.next('tree')
    mkdirSync(dir, { recursive: true })
    const entries: Entry[] = []
    let expected = 0
    for (let i = 0; i < 300; i++) {
      const abs = path.join(dir, `f${i}`)
      writeFileSync(abs, Buffer.alloc(i * 7 + 1))
      expected += i * 7 + 1
      entries.push({ rel: `f${i}`, abs, kind: 'file' })
    }
    symlinkSync(path.join(dir, 'f299'), path.join(dir, 'link'))
    entries.push({ rel: 'link', abs: path.join(dir, 'link'), kind: 'symlink', target: 'f299' })
    entries.push({ rel: 'gone', abs: path.join(dir, 'gone'), kind: 'file' })
    expect(await totalBytes(entries, 64)).toBe(expected)
    expect(await totalBytes(entries, 1)).toBe(expected)
  })
})

describe('progress lines in a run', () => {
  let cluster: ClusterDouble | undefined
  let pinata: PinataDouble | undefined
  afterEach(async () => {
    await Promise.all([cluster?.close(), pinata?.close()])
    cluster = pinata = undefined
  })

  it('show each upload while its answer is awaited, then stop', async () => {
    cluster = await startClusterDouble()
    cluster.pinAfterReads = 0
    const site = tmp.next('site')
    mkdirSync(site, { recursive: true })
    // Distinct chunks (equal ones would be stored once): 3 MiB of a counter.
    const big = Buffer.alloc(3 * MiB)
    for (let i = 0; i < big.length; i += 4) big.writeUInt32LE(i, i)
    writeFileSync(path.join(site, 'big.bin'), big)
    const ticks: Array<() => void> = []
    let stopped = 0
    // Ticks happen when the test says: here, when the upload has reached the service.
    const ticker = (tick: () => void) => {
      ticks.push(tick)
      return () => {
        ticks.splice(ticks.indexOf(tick), 1)
        stopped++
      }
    }
    cluster.fault = (_n, p) => {
      if (p === '/add') for (const t of ticks) t()
      return undefined
    }
    const ran = await runRecorded(
      { path: site, provider: 'cluster', 'cluster-url': cluster.url },
      tmp.next('tmp'),
      {},
      { ticker },
    )
    expect(ran.error).toBeUndefined()
    const lines = ran.host.text().split('\n')
    expect(lines).toContainEqual(
      expect.stringMatching(/^Uploading to cluster: all 3\.0 MiB sent, waiting for its answer$/),
    )
    expect(lines).toContain('cluster: uploading the CAR (3.0 MiB)')
    // The build's ticker stopped with the build: no build line after the upload started.
    expect(lines.filter((l) => l.startsWith('Building the CAR'))).toEqual([])
    expect(stopped).toBe(2)
  })

  it('show a file upload with its approximate total (the files’ bytes)', async () => {
    pinata = await startPinataDouble({ jwt: 'eyJ.progress.jwt' })
    const site = tmp.next('files')
    mkdirSync(site, { recursive: true })
    for (let i = 0; i < 3; i++)
      writeFileSync(path.join(site, `f${i}.txt`), `file ${i}\n`.repeat(1000 + i))
    const ticks: Array<() => void> = []
    const ticker = (tick: () => void) => {
      ticks.push(tick)
      return () => void ticks.splice(ticks.indexOf(tick), 1)
    }
    pinata.fault = (_n, p) => {
      if (p === '/pinning/pinFileToIPFS') for (const t of ticks) t()
      return undefined
    }
    const ran = await runRecorded(
      {
        path: site,
        provider: 'pinata',
        'pinata-api-url': pinata.url,
        'pinata-jwt': 'eyJ.progress.jwt',
      },
      tmp.next('tmp'),
      {},
      { ticker },
    )
    expect(ran.error).toBeUndefined()
    const lines = ran.host.text().split('\n')
    expect(lines).toContain('pinata: uploading 3 files (20.5 KiB); pinata builds the DAG itself')
    expect(lines).toContainEqual(
      expect.stringMatching(/^Uploading to pinata: all 20\.5 KiB sent, waiting for its answer$/),
    )
  })
})
