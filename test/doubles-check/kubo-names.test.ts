/**
 * The Kubo double's name RPCs (docs/names/kubo-names.md): `routing/put` of a record signed
 * elsewhere, checked like the delegated routing double checks it, then `routing/get` and
 * `name/resolve`.
 */
import type { PrivateKey } from '@libp2p/interface'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { createIPNSRecordWithExpiration, marshalIPNSRecord, unmarshalIPNSRecord } from 'ipns'
import { base36 } from 'multiformats/bases/base36'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { NODE_ID, startKuboDouble, type KuboDouble } from '../doubles/kubo.js'

const NOW = Date.UTC(2030, 0, 1)
const CID_A = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'
const CID_B = 'bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4'
const AUTH = 'Bearer kubo-names-secret'

const eol = (hours: number): string =>
  new Date(NOW + hours * 3_600_000).toISOString().replace(/Z$/, '000000Z')
const nameOf = (key: PrivateKey): string => peerIdFromPrivateKey(key).toCID().toString(base36)
const record = async (
  key: PrivateKey,
  seq: number,
  value = `/ipfs/${CID_A}`,
  hours = 24,
): Promise<Uint8Array> =>
  marshalIPNSRecord(
    await createIPNSRecordWithExpiration(key, value, seq, eol(hours), {
      v1Compatible: true,
      ttlNs: 60_000_000_000n,
    }),
  )

let ed: PrivateKey
let other: PrivateKey
beforeAll(async () => {
  ed = await generateKeyPair('Ed25519')
  other = await generateKeyPair('Ed25519')
})

let kubo: KuboDouble
let now = NOW
afterEach(async () => kubo.close())
const start = async (): Promise<KuboDouble> => {
  now = NOW
  return (kubo = await startKuboDouble({ authorization: AUTH, now: () => now }))
}

interface Answer {
  status: number
  text: string
  json: Record<string, unknown>
}
async function rpc(
  command: string,
  query: Record<string, string>,
  o: { file?: Uint8Array; field?: string; auth?: boolean } = {},
): Promise<Answer> {
  let body: FormData | undefined
  if (o.file !== undefined) {
    body = new FormData()
    body.append(o.field ?? 'value-file', new Blob([o.file]), 'record')
  }
  const res = await fetch(
    `${kubo.url}/api/v0/${command}?${new URLSearchParams(query).toString()}`,
    {
      method: 'POST',
      headers: o.auth === false ? {} : { authorization: AUTH },
      ...(body !== undefined ? { body } : {}),
    },
  )
  const text = await res.text()
  let json: Record<string, unknown> = {}
  try {
    json = JSON.parse(text) as Record<string, unknown>
  } catch {
    // not JSON: the test looks at `text`
  }
  return { status: res.status, text, json }
}
const routingPut = (
  name: string,
  file: Uint8Array,
  extra: Record<string, string> = {},
  field?: string,
): Promise<Answer> => rpc('routing/put', { arg: `/ipns/${name}`, ...extra }, { file, field })
const resolve = (arg: string, extra: Record<string, string> = {}): Promise<Answer> =>
  rpc('name/resolve', { arg, ...extra })
const kuboErr = (message: string): Record<string, unknown> => ({
  Message: message,
  Code: 0,
  Type: 'error',
})

describe('Kubo double: IPNS name RPCs', () => {
  it('takes a record with routing/put, then resolves it and serves it with routing/get', async () => {
    await start()
    const name = nameOf(ed)
    const bytes = await record(ed, 3)
    const put = await routingPut(name, bytes)
    expect(put.status, put.text).toBe(200)
    expect(put.json).toEqual({ Extra: '', ID: NODE_ID, Responses: null, Type: 5 })
    expect(kubo.ipnsRecords.get(name)).toEqual(bytes)

    for (const arg of [name, `/ipns/${name}`, peerIdFromPrivateKey(ed).toString()]) {
      const r = await resolve(arg)
      expect(r.status, arg).toBe(200)
      expect(r.json, arg).toEqual({ Path: `/ipfs/${CID_A}` })
    }

    const got = await rpc('routing/get', { arg: `/ipns/${name}` })
    expect(got.status).toBe(200)
    expect(got.json.Type).toBe(5)
    const served = Buffer.from(String(got.json.Extra), 'base64')
    expect(new Uint8Array(served)).toEqual(bytes)
    expect(unmarshalIPNSRecord(served).sequence).toBe(3n)
  })

  it('takes the record from any file part, and wants one', async () => {
    await start()
    const name = nameOf(ed)
    expect((await routingPut(name, await record(ed, 1), {}, 'file')).status).toBe(200)
    const none = await rpc('routing/put', { arg: `/ipns/${name}` })
    expect(none.status).toBe(500)
    expect(none.json).toEqual(kuboErr('argument "value-file" is required'))
    expect((await routingPut(name, await record(ed, 2), {}, 'file')).status).toBe(200)
    expect(unmarshalIPNSRecord(kubo.ipnsRecords.get(name) ?? new Uint8Array()).sequence).toBe(2n)
  })

  it('refuses invalid records and keys with a Kubo error, storing nothing', async () => {
    await start()
    const name = nameOf(ed)
    const foreign = await routingPut(name, await record(other, 1))
    expect(foreign.status).toBe(500)
    expect(foreign.json).toEqual(kuboErr('invalid IPNS record: signatureV2 does not verify'))
    const expired = await routingPut(name, await record(ed, 1, `/ipfs/${CID_A}`, -1))
    expect(expired.json.Message).toBe(`invalid IPNS record: record expired at ${eol(-1)}`)
    const badKey = await rpc('routing/put', { arg: name }, { file: await record(ed, 1) })
    expect(badKey.status).toBe(500)
    expect(String(badKey.json.Message)).toContain('expected /ipns/<name>')
    expect(kubo.ipnsRecords.size).toBe(0)
  })

  it('refuses a put on an offline node unless allow-offline is set', async () => {
    await start()
    kubo.offline = true
    const name = nameOf(ed)
    const bytes = await record(ed, 1)
    for (const extra of [{}, { 'allow-offline': 'false' }] as Array<Record<string, string>>) {
      const r = await routingPut(name, bytes, extra)
      expect(r.status).toBe(500)
      expect(r.json).toEqual(kuboErr("can't put while offline: pass `--allow-offline` to override"))
    }
    expect(kubo.ipnsRecords.size).toBe(0)
    expect((await routingPut(name, bytes, { 'allow-offline': 'true' })).status).toBe(200)
    expect(kubo.ipnsRecords.get(name)).toEqual(bytes)
  })

  it('refuses a record that is not newer than the one it holds', async () => {
    await start()
    const name = nameOf(ed)
    const five = await record(ed, 5)
    expect((await routingPut(name, five)).status).toBe(200)
    for (const older of [await record(ed, 4), await record(ed, 5, `/ipfs/${CID_A}`, 1)]) {
      const r = await routingPut(name, older)
      expect(r.status).toBe(500)
      expect(r.json).toEqual(kuboErr("can't replace a newer value with an older value"))
    }
    expect((await routingPut(name, five)).status).toBe(200)
    expect((await resolve(name)).json).toEqual({ Path: `/ipfs/${CID_A}` })
    expect((await routingPut(name, await record(ed, 6, `/ipfs/${CID_B}`))).status).toBe(200)
    expect((await resolve(name)).json).toEqual({ Path: `/ipfs/${CID_B}` })
  })

  it('answers unknown and expired names with Kubo errors', async () => {
    await start()
    const name = nameOf(ed)
    const got = await rpc('routing/get', { arg: `/ipns/${name}` })
    expect(got.status).toBe(500)
    expect(got.json).toEqual(kuboErr('routing: not found'))
    for (const arg of [name, 'example.com', 'not a name']) {
      const r = await resolve(arg)
      expect(r.status, arg).toBe(500)
      expect(String(r.json.Message), arg).toContain('could not resolve name')
    }
    expect((await routingPut(name, await record(ed, 1, `/ipfs/${CID_A}`, 1))).status).toBe(200)
    expect((await resolve(name)).status).toBe(200)
    now += 2 * 3_600_000
    expect(String((await resolve(name)).json.Message)).toContain('could not resolve name')
    // routing/get hands over the bytes it holds; the reader checks them.
    expect((await rpc('routing/get', { arg: `/ipns/${name}` })).status).toBe(200)
  })

  it('follows /ipns/ values when resolving, unless recursive=false', async () => {
    await start()
    const a = nameOf(ed)
    const b = nameOf(other)
    expect((await routingPut(a, await record(ed, 1, `/ipns/${b}`))).status).toBe(200)
    expect((await resolve(a)).status).toBe(500)
    expect((await routingPut(b, await record(other, 1, `/ipfs/${CID_B}`))).status).toBe(200)
    expect((await resolve(a)).json).toEqual({ Path: `/ipfs/${CID_B}` })
    expect((await resolve(a, { recursive: 'false' })).json).toEqual({ Path: `/ipns/${b}` })
  })

  it('applies POST-only and authorization to the name RPCs', async () => {
    await start()
    const name = nameOf(ed)
    const noAuth = await rpc('name/resolve', { arg: name }, { auth: false })
    expect(noAuth.status).toBe(403)
    const get = await fetch(`${kubo.url}/api/v0/routing/get?arg=/ipns/${name}`, {
      headers: { authorization: AUTH },
    })
    expect(get.status).toBe(405)
    await get.arrayBuffer()
  })
})
