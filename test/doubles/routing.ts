/**
 * A Delegated Routing V1 IPNS double on 127.0.0.1:0 (docs/names/delegated-routing.md#test-double),
 * and the IPNS record checks it shares with the Kubo double's name RPCs (test/doubles/kubo.ts).
 *
 * Records are checked independently of the npm `ipns` package the product signs with: the
 * protobuf `IpnsEntry` is read by hand, `data` is decoded with cborg, the key comes from the name
 * (identity multihash) or from `pubKey` (which must hash to the name), and `signatureV2` is
 * verified with node:crypto, in the order of docs/names/ipns.md#verification. Between two valid
 * records the higher sequence wins, then the later EOL (docs/names/ipns.md#selection).
 *
 * Routes: `PUT` and `GET /routing/v1/ipns/{name}`; other methods there 501, the providers and
 * peers APIs 501, any other path 400. Faults (429 with `Retry-After`, transient 500s, resets,
 * stalls) are per-test knobs through `fault` and `early`.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { decode as decodeCbor } from 'cborg'
import { base32 } from 'multiformats/bases/base32'
import { base36 } from 'multiformats/bases/base36'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { startServer, type TestServer } from '../support/server.js'
import { applyFault, type FaultHooks } from './common.js'

export type { Fault } from './common.js'

/** docs/names/ipns.md#record-format */
export const IPNS_RECORD_TYPE = 'application/vnd.ipfs.ipns-record'
/** docs/names/ipns.md#size */
export const MAX_RECORD_SIZE = 10 * 1024
const LIBP2P_KEY = 0x72
const IDENTITY = 0x00
const SHA2_256 = 0x12
/** Ed25519 SubjectPublicKeyInfo DER header; the 32 raw key bytes follow. */
const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex')
/** secp256k1 SubjectPublicKeyInfo DER header for a 33-byte compressed point. */
const SECP256K1_SPKI = Buffer.from('3036301006072a8648ce3d020106052b8104000a032200', 'hex')
const SIGNATURE_PREFIX = Buffer.from('ipns-signature:')

// ---------------------------------------------------------------------------------------------
// Names

/** An IPNS name: its CID (v1, libp2p-key) and its canonical text, base36 `k51…`. */
export interface IpnsName {
  name: string
  cid: CID
}

const multibase = base36.decoder.or(base32.decoder).or(base58btc.decoder)

/**
 * Parses a name as a CIDv1 with codec libp2p-key (docs/names/ipns.md#keys-and-names). With
 * `peerId`, the legacy base58 peer ID form (`12D3Koo…`, `Qm…`) is taken too, as Kubo takes it.
 */
export function parseIpnsName(text: string, opts: { peerId?: boolean } = {}): IpnsName | string {
  let cid: CID
  try {
    if (opts.peerId === true && /^(1|Qm)/.test(text)) {
      cid = CID.createV1(LIBP2P_KEY, Digest.decode(base58btc.baseDecode(text)))
    } else {
      cid = CID.parse(text, multibase)
    }
  } catch (err) {
    return `invalid IPNS name "${text}": ${(err as Error).message}`
  }
  if (cid.version !== 1 || cid.code !== LIBP2P_KEY)
    return `invalid IPNS name "${text}": not a CIDv1 with codec libp2p-key (0x72)`
  if (cid.multihash.code !== IDENTITY && cid.multihash.code !== SHA2_256)
    return `invalid IPNS name "${text}": multihash 0x${cid.multihash.code.toString(16)} is neither identity nor sha2-256`
  return { name: cid.toString(base36), cid }
}

// ---------------------------------------------------------------------------------------------
// Protobuf

type PbValue = bigint | Uint8Array
interface PbField {
  wire: number
  value: PbValue
}

function readVarint(buf: Uint8Array, at: number): [bigint, number] {
  let result = 0n
  for (let i = 0; i < 10; i++) {
    const b = buf[at + i]
    if (b === undefined) throw new Error('truncated varint')
    result |= BigInt(b & 0x7f) << BigInt(7 * i)
    if ((b & 0x80) === 0) return [result, at + i + 1]
  }
  throw new Error('varint longer than 10 bytes')
}

/** The fields of a protobuf message by number; a repeated scalar keeps its last value. */
function readProtobuf(buf: Uint8Array): Map<number, PbField> {
  const fields = new Map<number, PbField>()
  let at = 0
  while (at < buf.length) {
    const [tag, next] = readVarint(buf, at)
    at = next
    const field = Number(tag >> 3n)
    const wire = Number(tag & 7n)
    if (field === 0) throw new Error('field number 0')
    if (wire === 0) {
      const [v, after] = readVarint(buf, at)
      fields.set(field, { wire, value: v })
      at = after
    } else if (wire === 2) {
      const [len, after] = readVarint(buf, at)
      const end = after + Number(len)
      if (len > BigInt(buf.length) || end > buf.length) throw new Error('truncated field')
      fields.set(field, { wire, value: buf.subarray(after, end) })
      at = end
    } else if (wire === 1 || wire === 5) {
      at += wire === 1 ? 8 : 4
      if (at > buf.length) throw new Error('truncated field')
    } else {
      throw new Error(`unsupported wire type ${wire}`)
    }
  }
  return fields
}

function pbBytes(fields: Map<number, PbField>, n: number, what: string): Uint8Array | undefined {
  const f = fields.get(n)
  if (f === undefined) return undefined
  if (!(f.value instanceof Uint8Array)) throw new Error(`${what} (field ${n}) is not bytes`)
  return f.value
}

function pbInt(fields: Map<number, PbField>, n: number, what: string): bigint | undefined {
  const f = fields.get(n)
  if (f === undefined) return undefined
  if (typeof f.value !== 'bigint') throw new Error(`${what} (field ${n}) is not a varint`)
  return f.value
}

// ---------------------------------------------------------------------------------------------
// Records

/** What a record says, as read from its signed CBOR `data`. */
export interface RecordFields {
  /** `Value` as text, e.g. `/ipfs/bafy…`. */
  value: string
  sequence: bigint
  /** `Validity`: the RFC 3339 end of life. */
  validity: string
  /** The end of life in nanoseconds since the epoch. */
  eolNs: bigint
  ttlNs: bigint
  /** Whether the V1 copies (value, validity, …) are present. */
  v1: boolean
  /** Whether `pubKey` is present. */
  pubKey: boolean
}

/** A record that passed every check, with the key type that signed it. */
export interface CheckedRecord extends RecordFields {
  bytes: Uint8Array
  keyType: 'Ed25519' | 'RSA' | 'secp256k1'
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i

/** An RFC 3339 timestamp (nanosecond precision allowed) in nanoseconds since the epoch. */
export function rfc3339ToNs(text: string): bigint | undefined {
  const m = RFC3339.exec(text)
  if (m === null) return undefined
  const ms = Date.parse(`${m[1] ?? ''}${m[3] ?? ''}`)
  if (Number.isNaN(ms)) return undefined
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'))
}

function asUint(v: unknown, what: string): bigint {
  if (typeof v === 'bigint' && v >= 0n) return v
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v)
  throw new Error(`data.${what} is not an unsigned integer`)
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b))
}

/** The protobuf fields and the CBOR `data` of a record, without checking its signature. */
function readRecord(bytes: Uint8Array): {
  pb: Map<number, PbField>
  data: Uint8Array
  signatureV2: Uint8Array
  fields: RecordFields
} {
  const pb = readProtobuf(bytes)
  const signatureV2 = pbBytes(pb, 8, 'signatureV2')
  const data = pbBytes(pb, 9, 'data')
  if (signatureV2 === undefined || data === undefined)
    throw new Error('signatureV2 and data are required')
  let cbor: unknown
  try {
    cbor = decodeCbor(data, { strict: true, rejectDuplicateMapKeys: true })
  } catch (err) {
    throw new Error(`data is not valid CBOR: ${(err as Error).message}`)
  }
  if (
    typeof cbor !== 'object' ||
    cbor === null ||
    Array.isArray(cbor) ||
    cbor instanceof Uint8Array
  )
    throw new Error('data is not a CBOR map')
  const m = cbor as Record<string, unknown>
  if (!(m.Value instanceof Uint8Array)) throw new Error('data.Value is missing or not bytes')
  if (!(m.Validity instanceof Uint8Array)) throw new Error('data.Validity is missing or not bytes')
  const validityType = asUint(m.ValidityType, 'ValidityType')
  if (validityType !== 0n) throw new Error(`unsupported ValidityType ${validityType}`)
  const validity = Buffer.from(m.Validity).toString('latin1')
  const eolNs = rfc3339ToNs(validity)
  if (eolNs === undefined) throw new Error(`data.Validity "${validity}" is not an RFC 3339 time`)
  const fields: RecordFields = {
    value: Buffer.from(m.Value).toString('utf8'),
    sequence: asUint(m.Sequence, 'Sequence'),
    validity,
    eolNs,
    ttlNs: asUint(m.TTL, 'TTL'),
    v1: [1, 2, 3, 4, 5, 6].some((n) => pb.has(n)),
    pubKey: pb.has(7),
  }
  return { pb, data, signatureV2, fields }
}

/** The fields of a record without verifying it; undefined when it cannot be read at all. */
export function peekIpnsRecord(bytes: Uint8Array): RecordFields | undefined {
  try {
    return readRecord(bytes).fields
  } catch {
    return undefined
  }
}

/** A node:crypto public key from a libp2p protobuf public key `{Type, Data}`. */
function publicKey(protobuf: Uint8Array): { type: CheckedRecord['keyType']; key: KeyObject } {
  const pb = readProtobuf(protobuf)
  const type = pbInt(pb, 1, 'public key Type')
  const data = pbBytes(pb, 2, 'public key Data')
  if (type === undefined || data === undefined) throw new Error('public key lacks Type or Data')
  switch (type) {
    case 1n:
      if (data.length !== 32) throw new Error(`Ed25519 public key of ${data.length} bytes`)
      return {
        type: 'Ed25519',
        key: createPublicKey({
          key: Buffer.concat([ED25519_SPKI, data]),
          format: 'der',
          type: 'spki',
        }),
      }
    case 0n: {
      const key = createPublicKey({ key: Buffer.from(data), format: 'der', type: 'spki' })
      if (key.asymmetricKeyType !== 'rsa') throw new Error('RSA public key is not an RSA key')
      return { type: 'RSA', key }
    }
    case 2n:
      if (data.length !== 33) throw new Error(`secp256k1 public key of ${data.length} bytes`)
      return {
        type: 'secp256k1',
        key: createPublicKey({
          key: Buffer.concat([SECP256K1_SPKI, data]),
          format: 'der',
          type: 'spki',
        }),
      }
    default:
      // ECDSA (3) is left out: js-libp2p signs it in IEEE P1363 form, go-libp2p in DER.
      throw new Error(`unsupported key type ${type}`)
  }
}

/**
 * Checks `bytes` as a record for `name` at `nowMs` (docs/names/ipns.md#verification): the
 * record, or why it is invalid.
 */
export function checkIpnsRecord(
  name: IpnsName,
  bytes: Uint8Array,
  nowMs: number,
): CheckedRecord | string {
  try {
    // 1. Size.
    if (bytes.length > MAX_RECORD_SIZE)
      return `record is ${bytes.length} bytes, more than ${MAX_RECORD_SIZE}`
    // 2 and 4. signatureV2 and data present; data parsed.
    const { pb, data, signatureV2, fields } = readRecord(bytes)
    // 3. The key: pubKey, which must hash to the name, else the name's identity multihash.
    const mh = name.cid.multihash
    const embedded = pbBytes(pb, 7, 'pubKey')
    let keyBytes: Uint8Array
    if (embedded !== undefined) {
      const digest =
        mh.code === IDENTITY ? embedded : createHash('sha256').update(embedded).digest()
      if (!sameBytes(digest, mh.digest)) return 'pubKey does not match the name'
      keyBytes = embedded
    } else if (mh.code === IDENTITY) {
      keyBytes = mh.digest
    } else {
      return 'the name is a hash of the key and the record has no pubKey'
    }
    const { type, key } = publicKey(keyBytes)
    // 5. signatureV2 over "ipns-signature:" ‖ data.
    const message = Buffer.concat([SIGNATURE_PREFIX, data])
    let good = false
    try {
      good =
        type === 'Ed25519'
          ? verify(null, message, key, signatureV2)
          : type === 'RSA'
            ? verify('sha256', message, key, signatureV2)
            : verify('sha256', message, { key, dsaEncoding: 'der' }, signatureV2)
    } catch {
      good = false
    }
    if (!good) return 'signatureV2 does not verify'
    // 6. V1 copies equal the CBOR values.
    const v1Value = pbBytes(pb, 1, 'value')
    if (v1Value !== undefined && Buffer.from(v1Value).toString('utf8') !== fields.value)
      return 'V1 value differs from data.Value'
    const v1Validity = pbBytes(pb, 4, 'validity')
    if (v1Validity !== undefined && Buffer.from(v1Validity).toString('latin1') !== fields.validity)
      return 'V1 validity differs from data.Validity'
    const v1ValidityType = pbInt(pb, 3, 'validityType')
    if (v1ValidityType !== undefined && v1ValidityType !== 0n)
      return 'V1 validityType differs from data.ValidityType'
    const v1Sequence = pbInt(pb, 5, 'sequence')
    if (v1Sequence !== undefined && v1Sequence !== fields.sequence)
      return 'V1 sequence differs from data.Sequence'
    const v1Ttl = pbInt(pb, 6, 'ttl')
    if (v1Ttl !== undefined && v1Ttl !== fields.ttlNs) return 'V1 ttl differs from data.TTL'
    // 7. Not expired (valid up to and including the EOL instant, as boxo checks it).
    if (fields.eolNs < BigInt(nowMs) * 1_000_000n) return `record expired at ${fields.validity}`
    return { ...fields, bytes, keyType: type }
  } catch (err) {
    return (err as Error).message
  }
}

/** Whether `a` wins over `b` (docs/names/ipns.md#selection): higher sequence, then later EOL. */
export function isBetterRecord(a: RecordFields, b: RecordFields): boolean {
  if (a.sequence !== b.sequence) return a.sequence > b.sequence
  return a.eolNs > b.eolNs
}

/**
 * Offers a checked record for `name` to a store, as a DHT peer takes a put: the same bytes
 * again → `same` (idempotent); better than the held record, or the held one no longer valid at
 * `nowMs` → `taken` (stored); otherwise `older` (the held one stays). A tie in both sequence and
 * EOL keeps the held record.
 */
export function offerIpnsRecord(
  store: Map<string, Uint8Array>,
  name: IpnsName,
  record: CheckedRecord,
  nowMs: number,
): 'taken' | 'same' | 'older' {
  const heldBytes = store.get(name.name)
  if (heldBytes !== undefined && sameBytes(heldBytes, record.bytes)) return 'same'
  const held = heldBytes === undefined ? undefined : checkIpnsRecord(name, heldBytes, nowMs)
  if (held !== undefined && typeof held !== 'string' && !isBetterRecord(record, held))
    return 'older'
  store.set(name.name, Uint8Array.from(record.bytes))
  return 'taken'
}

// ---------------------------------------------------------------------------------------------
// The server

export interface RoutingDouble extends FaultHooks {
  /** Base URL, e.g. `http://127.0.0.1:1234`; clients append `/routing/v1/ipns/<name>`. */
  readonly url: string
  readonly server: TestServer
  /** Held records by name (base36 `k51…`). GET serves these bytes as they are. */
  readonly records: Map<string, Uint8Array>
  /**
   * A PUT that is valid but not better than the held record: `ignore` (default) answers 200
   * and keeps the held one, `error` answers 500 "delegate error: can't replace a newer value
   * with an older value" (what someguy does is unverified, docs/names/delegated-routing.md).
   */
  lowerSequence: 'ignore' | 'error'
  /** Valid PUTs fail in the router: 500 "delegate error: failed to find any peer in table". */
  rejectPuts?: boolean
  /** GET of an unknown name: 404 (default), or 500 "delegate error: routing: not found" as
   * one boxo version answers. */
  notFoundStatus: 404 | 500
  close(): Promise<void>
}

const IPNS_PATH = '/routing/v1/ipns/'

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' })
  res.end(body.slice(0, 1024))
}

/** `Cache-Control: public, max-age=<TTL in seconds>` (60 when the record cannot be read). */
function maxAge(bytes: Uint8Array): number {
  const fields = peekIpnsRecord(bytes)
  return fields === undefined ? 60 : Number(fields.ttlNs / 1_000_000_000n)
}

export async function startRoutingDouble(
  opts: { now?: () => number } = {},
): Promise<RoutingDouble> {
  const now = opts.now ?? Date.now
  const records = new Map<string, Uint8Array>()
  const double: RoutingDouble = {
    url: '',
    server: undefined as unknown as TestServer,
    records,
    lowerSequence: 'ignore',
    notFoundStatus: 404,
    close: () => double.server.close(),
  }

  const put = (req: IncomingMessage, res: ServerResponse, nameText: string, body: Buffer) => {
    if (!(req.headers['content-type'] ?? '').includes(IPNS_RECORD_TYPE))
      return text(res, 406, `invalid content type: want ${IPNS_RECORD_TYPE}`)
    const name = parseIpnsName(nameText)
    if (typeof name === 'string') return text(res, 400, name)
    const check = checkIpnsRecord(name, body, now())
    if (typeof check === 'string') return text(res, 400, `provided record is invalid: ${check}`)
    if (double.rejectPuts === true)
      return text(res, 500, 'delegate error: failed to find any peer in table')
    if (
      offerIpnsRecord(records, name, check, now()) === 'older' &&
      double.lowerSequence === 'error'
    )
      return text(res, 500, "delegate error: can't replace a newer value with an older value")
    res.writeHead(200)
    return res.end()
  }

  const get = (req: IncomingMessage, res: ServerResponse, nameText: string) => {
    if (!(req.headers.accept ?? '').includes(IPNS_RECORD_TYPE))
      return text(res, 406, `invalid Accept header: want ${IPNS_RECORD_TYPE}`)
    const name = parseIpnsName(nameText)
    if (typeof name === 'string') return text(res, 400, name)
    const held = records.get(name.name)
    if (held === undefined)
      return double.notFoundStatus === 404
        ? text(res, 404, 'routing: not found')
        : text(res, 500, 'delegate error: routing: not found')
    res.writeHead(200, {
      'content-type': IPNS_RECORD_TYPE,
      'cache-control': `public, max-age=${maxAge(held)}`,
      etag: `"${createHash('sha256').update(held).digest('hex').slice(0, 32)}"`,
      vary: 'Accept',
      'content-length': String(held.length),
    })
    return res.end(held)
  }

  const server = await startServer(
    (req, res, body, n) => {
      const url = new URL(req.url ?? '/', 'http://x')
      const method = req.method ?? ''
      if (applyFault(double.fault?.(n, url.pathname, method), req, res)) return
      if (url.pathname.startsWith(IPNS_PATH)) {
        let nameText: string
        try {
          nameText = decodeURIComponent(url.pathname.slice(IPNS_PATH.length))
        } catch {
          return text(res, 400, 'invalid IPNS name: bad percent-encoding')
        }
        if (method === 'PUT') return put(req, res, nameText, body)
        if (method === 'GET') return get(req, res, nameText)
        return text(res, 501, `method ${method} is not supported`)
      }
      if (/^\/routing\/v1\/(providers|peers)\//.test(url.pathname))
        return text(res, 501, 'not supported by this server')
      return text(res, 400, `unknown path ${url.pathname}`)
    },
    (req, n) => double.early?.(n, req.method, new URL(req.url ?? '/', 'http://x').pathname),
  )
  Object.assign(double, { url: server.url, server })
  return double
}
