/**
 * IPNS records, made and checked with the field's own library (`ipns`, js-ipns): V1+V2
 * signatures, CBOR data, an end of life (EOL) and a TTL (docs/names/ipns.md). Time comes from
 * the run's clock, so a test can age a record without waiting.
 */
import {
  createIPNSRecordWithExpiration,
  marshalIPNSRecord,
  multihashToIPNSRoutingKey,
  unmarshalIPNSRecord,
} from 'ipns'
import { ipnsValidator } from 'ipns/validator'
import { base36 } from 'multiformats/bases/base36'
import { CID } from 'multiformats/cid'
import type { PrivateKey } from './key.js'
import { MAX_RECORD_BYTES } from './value.js'

/** The multicodec of a CID that names a public key (`libp2p-key`). */
const LIBP2P_KEY = 0x72

/** What a record says, once it is known to be signed by the name's key. */
export interface RecordInfo {
  /** The path it points to: `/ipfs/<cid>` (or `/ipns/…`). */
  readonly value: string
  readonly sequence: bigint
  /** End of life, in ms since the epoch. */
  readonly eol: number
  /** The RFC 3339 end of life as signed. */
  readonly validity: string
  readonly ttlNs: bigint
  /** Past its end of life by the run's clock: it counts for sequence, and for nothing else. */
  readonly expired: boolean
}

/** The CID of a `k51…` name; `undefined` when it is not one. */
export function nameCid(name: string): CID | undefined {
  try {
    const cid = CID.parse(name, name.startsWith('k') ? base36 : undefined)
    return cid.code === LIBP2P_KEY ? cid : undefined
  } catch {
    return undefined
  }
}

export function routingKey(name: string): Uint8Array {
  const cid = nameCid(name)
  if (cid === undefined) throw new Error(`not an IPNS name: ${name}`)
  return multihashToIPNSRoutingKey(cid.multihash as Parameters<typeof multihashToIPNSRoutingKey>[0])
}

/** RFC 3339 with nanoseconds (what IPNS signs), from ms since the epoch. */
export function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z')
}

/** ms since the epoch of an RFC 3339 time with any number of fraction digits. */
export function parseRfc3339(text: string): number {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text)
  if (m === null) return NaN
  const frac = (m[2] ?? '').slice(0, 3).padEnd(3, '0')
  return Date.parse(`${m[1]}.${frac}${m[3]}`)
}

export interface SignOptions {
  readonly value: string
  readonly sequence: bigint
  /** End of life, ms since the epoch. */
  readonly eol: number
  readonly ttlMs: number
}

/** A V1+V2 record, serialized: what routers and Kubo take. */
export async function signRecord(key: PrivateKey, o: SignOptions): Promise<Uint8Array> {
  const record = await createIPNSRecordWithExpiration(
    key,
    o.value,
    o.sequence,
    rfc3339Nano(o.eol),
    {
      v1Compatible: true,
      ttlNs: BigInt(o.ttlMs) * 1_000_000n,
    },
  )
  const bytes = marshalIPNSRecord(record)
  if (bytes.length > MAX_RECORD_BYTES)
    throw new Error(`the signed record is ${bytes.length} bytes, above the 10 KiB routers accept`)
  return bytes
}

/**
 * Checks `bytes` as a record of `name` (size, the key in the name or the record matching it,
 * the V2 signature, V1 fields equal to the CBOR data) and reads it. Throws with the reason when
 * it is not a record of this name; an expired one is returned with `expired` set.
 */
export async function verifyRecord(
  name: string,
  bytes: Uint8Array,
  now: number,
): Promise<RecordInfo> {
  try {
    await ipnsValidator(routingKey(name), bytes)
  } catch (err) {
    // The library checks the EOL against the system time, after the signature: expired there,
    // the record is still the name's, and the run's clock decides whether it is expired.
    if (!(err instanceof Error) || err.name !== 'RecordExpiredError') throw err
  }
  const r = unmarshalIPNSRecord(bytes)
  const eol = parseRfc3339(r.validity)
  if (!Number.isFinite(eol))
    throw new Error(`its end of life "${r.validity.slice(0, 40)}" is not a time`)
  return {
    value: r.value,
    sequence: r.sequence,
    eol,
    validity: r.validity,
    ttlNs: r.ttl ?? 0n,
    expired: eol <= now,
  }
}
