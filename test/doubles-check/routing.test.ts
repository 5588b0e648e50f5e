/**
 * The Delegated Routing V1 IPNS double enforces what docs/names/delegated-routing.md#test-double
 * says, and checks records independently of the npm `ipns` package (which only makes them here).
 */
import type { PrivateKey } from '@libp2p/interface'
import { generateKeyPair, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import {
  createIPNSRecord,
  createIPNSRecordWithExpiration,
  marshalIPNSRecord,
  unmarshalIPNSRecord,
  type IPNSRecord,
} from 'ipns'
import { base32 } from 'multiformats/bases/base32'
import { base36 } from 'multiformats/bases/base36'
import { CID } from 'multiformats/cid'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  IPNS_RECORD_TYPE,
  MAX_RECORD_SIZE,
  startRoutingDouble,
  type RoutingDouble,
} from '../doubles/routing.js'

const NOW = Date.UTC(2030, 0, 1)
const CID_A = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'
const CID_B = 'bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4'
const TTL_NS = 300_000_000_000n

/** The RFC 3339 time `hours` after NOW, with nanoseconds, as the ipns package writes it. */
const eol = (hours: number): string =>
  new Date(NOW + hours * 3_600_000).toISOString().replace(/Z$/, '000000Z')

const nameOf = (key: PrivateKey): string => peerIdFromPrivateKey(key).toCID().toString(base36)

async function recordObj(
  key: PrivateKey,
  seq: number,
  o: { hours?: number; value?: string; v1?: boolean } = {},
): Promise<IPNSRecord> {
  return createIPNSRecordWithExpiration(key, o.value ?? `/ipfs/${CID_A}`, seq, eol(o.hours ?? 24), {
    v1Compatible: o.v1 ?? true,
    ttlNs: TTL_NS,
  })
}
const record = async (...a: Parameters<typeof recordObj>): Promise<Uint8Array> =>
  marshalIPNSRecord(await recordObj(...a))

/** A protobuf length-delimited field, to add fields the ipns package would not write. */
function pbField(n: number, bytes: Uint8Array): Uint8Array {
  const head: number[] = [(n << 3) | 2]
  let len = bytes.length
  while (len >= 0x80) {
    head.push((len & 0x7f) | 0x80)
    len >>>= 7
  }
  head.push(len)
  return Buffer.concat([Buffer.from(head), bytes])
}

let ed: PrivateKey
let other: PrivateKey
let rsa: PrivateKey
let secp: PrivateKey
beforeAll(async () => {
  ed = await generateKeyPair('Ed25519')
  other = await generateKeyPair('Ed25519')
  rsa = await generateKeyPair('RSA', 2048)
  secp = await generateKeyPair('secp256k1')
})

let rt: RoutingDouble
afterEach(async () => rt.close())
const start = async (now: () => number = () => NOW): Promise<RoutingDouble> =>
  (rt = await startRoutingDouble({ now }))

interface Answer {
  status: number
  headers: Headers
  text: string
  bytes: Uint8Array
}
async function call(
  method: string,
  name: string,
  o: { body?: Uint8Array; type?: string | null; accept?: string | null; path?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {}
  const type = o.type === undefined ? IPNS_RECORD_TYPE : o.type
  const accept = o.accept === undefined ? IPNS_RECORD_TYPE : o.accept
  if (type !== null && o.body !== undefined) headers['content-type'] = type
  if (accept !== null) headers.accept = accept
  const res = await fetch(`${rt.url}${o.path ?? `/routing/v1/ipns/${name}`}`, {
    method,
    headers,
    ...(o.body !== undefined ? { body: o.body } : {}),
  })
  const bytes = new Uint8Array(await res.arrayBuffer())
  return { status: res.status, headers: res.headers, text: Buffer.from(bytes).toString(), bytes }
}
const put = (name: string, body: Uint8Array, type?: string | null): Promise<Answer> =>
  call('PUT', name, { body, type })
const get = (name: string, accept?: string | null): Promise<Answer> => call('GET', name, { accept })
/** The sequence of the record the double serves for `name`. */
const heldSeq = async (name: string): Promise<bigint> =>
  unmarshalIPNSRecord((await get(name)).bytes).sequence

describe('delegated routing IPNS double', () => {
  it('takes a valid record and serves it with the record headers', async () => {
    await start()
    const name = nameOf(ed)
    const bytes = await record(ed, 7)
    const r = await put(name, bytes)
    expect(r.status).toBe(200)
    expect(r.text).toBe('')
    expect(rt.records.get(name)).toEqual(bytes)

    const g = await get(name)
    expect(g.status).toBe(200)
    expect(g.bytes).toEqual(bytes)
    expect(g.headers.get('content-type')).toBe(IPNS_RECORD_TYPE)
    expect(g.headers.get('cache-control')).toBe('public, max-age=300')
    const etag = g.headers.get('etag')
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/)
    expect((await get(name)).headers.get('etag')).toBe(etag)
    expect(unmarshalIPNSRecord(g.bytes).value).toBe(`/ipfs/${CID_A}`)
    expect(rt.server.requests.map((q) => q.method)).toEqual(['PUT', 'GET', 'GET'])
  })

  it('takes V2-only records, records made with a lifetime on the real clock, and base32 names', async () => {
    await start(Date.now)
    const name = nameOf(ed)
    const v2 = marshalIPNSRecord(
      await createIPNSRecord(ed, `/ipfs/${CID_A}`, 1, 60_000, { v1Compatible: false, ttlNs: 1n }),
    )
    expect((await put(name, v2)).status).toBe(200)
    const v1v2 = marshalIPNSRecord(
      await createIPNSRecord(ed, `/ipfs/${CID_B}`, 2, 60_000, { v1Compatible: true }),
    )
    const b32 = CID.parse(name, base36).toString(base32)
    expect(b32.startsWith('b')).toBe(true)
    expect((await put(b32, v1v2)).status).toBe(200)
    // Stored under the base36 name whichever form was sent.
    expect([...rt.records.keys()]).toEqual([name])
    expect((await get(b32)).bytes).toEqual(v1v2)
  })

  it('takes RSA (sha2-256 name, key in pubKey) and secp256k1 records', async () => {
    await start()
    for (const key of [rsa, secp]) {
      const name = nameOf(key)
      const r = await put(name, await record(key, 1))
      expect(r.status, `${key.type}: ${r.text}`).toBe(200)
      expect((await get(name)).status).toBe(200)
    }
    // An RSA name is a hash: without pubKey the key cannot be found.
    const { pubKey: _pk, ...bare } = await recordObj(rsa, 2)
    const r = await put(nameOf(rsa), marshalIPNSRecord(bare))
    expect(r.status).toBe(400)
    expect(r.text).toContain('no pubKey')
  })

  it('refuses names that are not libp2p-key CIDv1s with 400', async () => {
    await start()
    const bytes = await record(ed, 1)
    const peerId = peerIdFromPrivateKey(ed).toString()
    expect(peerId.startsWith('12D3Koo')).toBe(true)
    for (const name of [peerId, CID_A, 'not-a-name', `${nameOf(ed)}x`]) {
      const r = await put(name, bytes)
      expect(r.status, name).toBe(400)
      expect(r.text, name).toContain('invalid IPNS name')
      expect((await get(name)).status, name).toBe(400)
    }
    expect(rt.records.size).toBe(0)
  })

  it('refuses with 400 a record signed by another key', async () => {
    await start()
    const r = await put(nameOf(ed), await record(other, 1))
    expect(r.status).toBe(400)
    expect(r.text).toBe('provided record is invalid: signatureV2 does not verify')
    expect(rt.records.size).toBe(0)
  })

  it('refuses tampered data, signatures and V1 copies with 400', async () => {
    await start()
    const name = nameOf(ed)
    const good = await recordObj(ed, 3)
    const later = await recordObj(ed, 4)
    const flip = (b: Uint8Array, at: number): Uint8Array => {
      const c = Uint8Array.from(b)
      c[at] = (c[at] ?? 0) ^ 0x01
      return c
    }
    // The last character of the CID inside the CBOR Value: the data stays well-formed CBOR.
    const valueAt = Buffer.from(good.data).indexOf(CID_A) + CID_A.length - 1
    expect(valueAt).toBeGreaterThan(0)
    const cases: Array<[string, IPNSRecord, string]> = [
      ['data byte', { ...good, data: flip(good.data, valueAt) }, 'signatureV2'],
      ['signature byte', { ...good, signatureV2: flip(good.signatureV2, 10) }, 'signatureV2'],
      ['data of another record', { ...good, data: later.data }, 'signatureV2'],
      ['V1 value', { ...good, value: `/ipfs/${CID_B}` }, 'V1 value differs'],
      ['V1 sequence', { ...good, sequence: 9n }, 'V1 sequence differs'],
      ['V1 validity', { ...good, validity: eol(48) }, 'V1 validity differs'],
      ['V1 ttl', { ...good, ttl: 1n }, 'V1 ttl differs'],
    ]
    for (const [what, rec, why] of cases) {
      const r = await put(name, marshalIPNSRecord(rec))
      expect(r.status, what).toBe(400)
      expect(r.text, what).toContain(why)
    }
    const garbage = await put(name, Uint8Array.from([0x0a, 0xff]))
    expect(garbage.status).toBe(400)
    expect(rt.records.size).toBe(0)
    // The untampered record is taken: the cases above failed for their change alone.
    expect((await put(name, marshalIPNSRecord(good))).status).toBe(200)
  })

  it('checks an embedded pubKey against the name', async () => {
    await start()
    const name = nameOf(ed)
    const bytes = await record(ed, 1)
    const wrong = await put(
      name,
      Buffer.concat([bytes, pbField(7, publicKeyToProtobuf(other.publicKey))]),
    )
    expect(wrong.status).toBe(400)
    expect(wrong.text).toContain('pubKey does not match the name')
    const right = await put(
      name,
      Buffer.concat([bytes, pbField(7, publicKeyToProtobuf(ed.publicKey))]),
    )
    expect(right.status, right.text).toBe(200)
  })

  it('refuses expired records with 400, valid up to the end of life itself', async () => {
    await start()
    const name = nameOf(ed)
    const past = await put(name, await record(ed, 1, { hours: -1 }))
    expect(past.status).toBe(400)
    expect(past.text).toBe(`provided record is invalid: record expired at ${eol(-1)}`)
    expect((await put(name, await record(ed, 2, { hours: 0 }))).status).toBe(200)

    await rt.close()
    await start(() => NOW + 2 * 3_600_000)
    const late = await put(name, await record(ed, 3, { hours: 1 }))
    expect(late.status).toBe(400)
    expect(late.text).toContain('record expired')
    expect(rt.records.size).toBe(0)
  })

  it('takes a record of exactly 10 KiB and refuses one byte more', async () => {
    await start()
    const name = nameOf(ed)
    const bytes = await record(ed, 1)
    // An unknown field (15) pads the record; the signature covers only data.
    const padded = (size: number): Uint8Array => {
      const overhead = pbField(15, new Uint8Array(0)).length + 1
      const out = Buffer.concat([
        bytes,
        pbField(15, new Uint8Array(size - bytes.length - overhead)),
      ])
      expect(out.length).toBe(size)
      return out
    }
    const over = await put(name, padded(MAX_RECORD_SIZE + 1))
    expect(over.status).toBe(400)
    expect(over.text).toContain('more than 10240')
    expect((await put(name, padded(MAX_RECORD_SIZE))).status).toBe(200)
  })

  it('wants the media type: Content-Type on PUT, Accept on GET (406)', async () => {
    await start()
    const name = nameOf(ed)
    const bytes = await record(ed, 1)
    for (const type of [null, 'application/octet-stream', 'application/json']) {
      const r = await put(name, bytes, type)
      expect(r.status, String(type)).toBe(406)
    }
    expect(rt.records.size).toBe(0)
    expect((await put(name, bytes, `${IPNS_RECORD_TYPE}; charset=binary`)).status).toBe(200)
    for (const accept of [null, '*/*', 'application/octet-stream']) {
      expect((await get(name, accept)).status, String(accept)).toBe(406)
    }
    expect((await get(name, `application/json, ${IPNS_RECORD_TYPE}`)).status).toBe(200)
  })

  it('answers 404 for an unknown name, or 500 "delegate error" when told to', async () => {
    await start()
    const name = nameOf(ed)
    const r = await get(name)
    expect(r.status).toBe(404)
    expect(r.headers.get('content-type')).not.toBe(IPNS_RECORD_TYPE)
    rt.notFoundStatus = 500
    const e = await get(name)
    expect(e.status).toBe(500)
    expect(e.text).toBe('delegate error: routing: not found')
  })

  it('keeps the better record: higher sequence, then later end of life', async () => {
    await start()
    const name = nameOf(ed)
    const five = await record(ed, 5, { hours: 24 })
    expect((await put(name, five)).status).toBe(200)
    // Lower sequence: 200 and ignored (the default).
    expect((await put(name, await record(ed, 4, { hours: 100 }))).status).toBe(200)
    expect(await heldSeq(name)).toBe(5n)
    expect(rt.records.get(name)).toEqual(five)
    // Same sequence, earlier end of life: ignored; later: taken.
    expect((await put(name, await record(ed, 5, { hours: 12 }))).status).toBe(200)
    expect(rt.records.get(name)).toEqual(five)
    const fiveLater = await record(ed, 5, { hours: 36 })
    expect((await put(name, fiveLater)).status).toBe(200)
    expect(rt.records.get(name)).toEqual(fiveLater)
    // Higher sequence wins even with an earlier end of life.
    const six = await record(ed, 6, { hours: 1 })
    expect((await put(name, six)).status).toBe(200)
    expect(rt.records.get(name)).toEqual(six)
  })

  it('answers 500 "delegate error" to a record that is not newer in error mode', async () => {
    await start()
    rt.lowerSequence = 'error'
    const name = nameOf(ed)
    const five = await record(ed, 5)
    expect((await put(name, five)).status).toBe(200)
    for (const older of [await record(ed, 4), await record(ed, 5, { hours: 1 })]) {
      const r = await put(name, older)
      expect(r.status).toBe(500)
      expect(r.text).toBe("delegate error: can't replace a newer value with an older value")
    }
    // The same bytes again are not an error (a DHT put is idempotent).
    expect((await put(name, five)).status).toBe(200)
    expect(rt.records.get(name)).toEqual(five)
    expect((await put(name, await record(ed, 6))).status).toBe(200)
    expect(await heldSeq(name)).toBe(6n)
  })

  it('replaces a held record that has expired, whatever its sequence', async () => {
    let now = NOW
    await start(() => now)
    rt.lowerSequence = 'error'
    const name = nameOf(ed)
    expect((await put(name, await record(ed, 9, { hours: 1 }))).status).toBe(200)
    now += 2 * 3_600_000
    expect((await put(name, await record(ed, 2, { hours: 24 }))).status).toBe(200)
    expect(await heldSeq(name)).toBe(2n)
  })

  it('answers valid PUTs 500 when the router fails, after checking the record', async () => {
    await start()
    rt.rejectPuts = true
    const name = nameOf(ed)
    expect((await put(name, await record(other, 1))).status).toBe(400)
    const r = await put(name, await record(ed, 1))
    expect(r.status).toBe(500)
    expect(r.text).toBe('delegate error: failed to find any peer in table')
    expect(rt.records.size).toBe(0)
  })

  it('answers 501 to other methods and APIs, 400 to unknown paths, and plays faults', async () => {
    await start()
    const name = nameOf(ed)
    for (const method of ['POST', 'DELETE', 'PATCH']) {
      expect((await call(method, name)).status, method).toBe(501)
    }
    expect((await call('GET', '', { path: `/routing/v1/providers/${CID_A}` })).status).toBe(501)
    expect((await call('GET', '', { path: `/routing/v1/peers/${name}` })).status).toBe(501)
    expect((await call('GET', '', { path: '/ipns/x' })).status).toBe(400)

    rt.fault = (n) =>
      n === 7 ? { status: 429, body: 'slow down', headers: { 'retry-after': '3' } } : undefined
    const limited = await get(name)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('3')
    expect((await get(name)).status).toBe(404)
    expect(rt.server.requests).toHaveLength(8)
  })
})
