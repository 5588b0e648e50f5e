/**
 * The record-per-value engine (src/dns/per-record.ts) against an in-memory record API whose
 * listings and answers a test bends: a record listed twice, a stale read-back, "exists" on
 * create, "gone" on update, endless pages. The HTTP providers meet the same cases through the
 * contract suite and their doubles; here each one is isolated.
 */
import { describe, expect, it } from 'vitest'
import {
  createdFirst,
  perRecord,
  type ApiRecord,
  type CreateAnswer,
  type RecordApi,
  type UpdateAnswer,
} from '../../src/dns/per-record.js'
import type { Zone } from '../../src/dns/types.js'

const ZONE: Zone = { id: 'z1', name: 'example.org' }
const FQDN = '_dnslink.example.org'
const A = '/ipfs/bafkqaaa'
const B = '/ipfs/bafkqaab'

interface Fake {
  records: ApiRecord[]
  calls: string[]
  /** Bends a listing: gets the true page, returns what is served. */
  bendPage?: (n: number, page: ApiRecord[]) => { records: ApiRecord[]; more: boolean }
  createAnswer?: () => CreateAnswer | undefined
  updateAnswer?: () => UpdateAnswer | undefined
}

function fake(records: ApiRecord[] = []): Fake & { api: RecordApi } {
  let next = 100
  const f: Fake = { records, calls: [] }
  const api: RecordApi = {
    page(_zone, fqdn, n) {
      f.calls.push(`list ${n}`)
      const all = f.records.filter(() => fqdn === FQDN)
      return Promise.resolve(f.bendPage?.(n, all) ?? { records: n === 1 ? all : [], more: false })
    },
    create(_zone, _fqdn, text) {
      f.calls.push(`create ${text}`)
      const bent = f.createAnswer?.()
      if (bent !== undefined) return Promise.resolve(bent)
      const id = String(next++)
      f.records.push({ id, type: 'TXT', content: text })
      return Promise.resolve({ outcome: 'created', id })
    },
    update(_zone, record, text) {
      f.calls.push(`update ${record.id} ${text}`)
      const bent = f.updateAnswer?.()
      if (bent !== undefined) return Promise.resolve(bent)
      const at = f.records.findIndex((r) => r.id === record.id)
      if (at < 0) return Promise.resolve('gone')
      f.records[at] = { ...record, content: text }
      return Promise.resolve('updated')
    },
    remove(_zone, record) {
      f.calls.push(`delete ${record.id}`)
      f.records = f.records.filter((r) => r.id !== record.id)
      return Promise.resolve()
    },
  }
  return Object.assign(f, { api })
}

const engine = (api: RecordApi, maxPages?: number) =>
  perRecord({
    id: 'test',
    capabilities: { model: 'record', compareAndSwap: false, minTtl: 60, syncWait: false },
    ttl: 60,
    zoneOf: () => Promise.resolve(ZONE),
    api,
    fail: (m) => new Error(`test: ${m}`),
    ...(maxPages !== undefined ? { maxPages } : {}),
  })

const txt = (id: string, content: string, created?: string): ApiRecord => ({
  id,
  type: 'TXT',
  content,
  ...(created !== undefined ? { created } : {}),
})

describe('record-per-value DNSLink', () => {
  it('takes a record listed twice (a page served again) as one: updated, never deleted', async () => {
    const f = fake([txt('1', `dnslink=${A}`), txt('2', 'v=spf1 -all')])
    f.bendPage = (n, all) =>
      n === 1
        ? { records: [...all, all[0] as ApiRecord], more: true }
        : { records: [all[1] as ApiRecord, txt('3', 'x')], more: false }
    const w = await engine(f.api).setDnslink(FQDN, B)
    expect(w).toMatchObject({ outcome: 'updated', before: [A], after: [B], duplicatesRemoved: 0 })
    expect(f.calls.filter((c) => !c.startsWith('list'))).toEqual([`update 1 dnslink=${B}`])
  })

  it('keeps the record created first when there are several, and says how many it removed', async () => {
    const f = fake([
      txt('9', `dnslink=${A}`, '2026-01-01T00:00:02Z'),
      txt('12', `dnslink=${B}`, '2026-01-01T00:00:01Z'),
    ])
    const w = await engine(f.api).setDnslink(FQDN, B)
    expect(w).toMatchObject({ after: [B], duplicatesRemoved: 1 })
    expect(f.records.map((r) => r.id)).toEqual(['12'])
    // Without dates: the lower id, as numbers.
    expect([txt('10', 'a'), txt('9', 'b')].sort(createdFirst).map((r) => r.id)).toEqual(['9', '10'])
  })

  it('a stale read-back still listing a record it deleted: not deleted again, not counted twice', async () => {
    const gone = txt('2', `dnslink=${A}`)
    const f = fake([txt('1', `dnslink=${A}`), gone])
    let lists = 0
    f.bendPage = (_n, all) => ({ records: ++lists === 2 ? [...all, gone] : all, more: false })
    const w = await engine(f.api).setDnslink(FQDN, B)
    expect(w).toMatchObject({ duplicatesRemoved: 1 })
    expect(f.calls.filter((c) => !c.startsWith('list'))).toEqual([
      'delete 2',
      `update 1 dnslink=${B}`,
    ])
    expect(f.records).toEqual([txt('1', `dnslink=${B}`)])
  })

  it('re-lists and updates when a create is refused because a record exists (Cloudflare 81057)', async () => {
    const f = fake()
    f.createAnswer = () => {
      f.createAnswer = undefined
      f.records.push(txt('50', `dnslink=${A}`))
      return { outcome: 'exists' }
    }
    const w = await engine(f.api).setDnslink(FQDN, B)
    expect(w.after).toEqual([B])
    expect(f.calls.filter((c) => !c.startsWith('list'))).toEqual([
      `create dnslink=${B}`,
      `update 50 dnslink=${B}`,
    ])
  })

  it('re-lists and creates when the record went away before its update (a 404)', async () => {
    const f = fake([txt('7', `dnslink=${A}`)])
    const w = await engine(f.api).setDnslink(FQDN, B, {
      expect: await engine(f.api).readTxt(FQDN),
    })
    expect(w.after).toEqual([B])
    f.records = [txt('8', `dnslink=${A}`)]
    f.calls.length = 0
    const e = engine(f.api)
    const state = await e.readTxt(FQDN)
    f.records = []
    expect(await e.setDnslink(FQDN, B, { expect: state })).toMatchObject({ after: [B] })
    expect(f.calls.filter((c) => !c.startsWith('list'))).toEqual([
      `update 8 dnslink=${B}`,
      `create dnslink=${B}`,
    ])
  })

  it('stops a listing at its page limit, and on a page of nothing new', async () => {
    const f = fake([txt('1', 'a')])
    let id = 0
    f.bendPage = () => ({ records: [txt(`p${id++}`, 'a')], more: true })
    await expect(engine(f.api, 5).readTxt(FQDN)).rejects.toThrow(/more than 5 pages/)
    f.bendPage = (_n, all) => ({ records: all, more: true })
    await expect(engine(f.api).readTxt(FQDN)).rejects.toThrow(/repeats itself/)
    expect(f.calls.filter((c) => c.startsWith('list')).length).toBe(5 + 2)
  })
})
