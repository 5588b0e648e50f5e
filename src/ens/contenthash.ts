/**
 * ENSIP-7 contenthash: `uvarint(protocol code) ‖ binary CIDv1`, with `ipfs-ns` 0xe3 and
 * `ipns-ns` 0xe5 (docs/names/ens.md#contenthash). Encoding takes what a deploy produces (an
 * IPFS CID in any base, v0 or v1, or an IPNS name) and always writes CIDv1; decoding accepts
 * every form a record may hold, so cleanup can protect what a name points to however it was
 * written, and a re-run can see that the record already holds the value.
 */
import { varint } from 'multiformats'
import { base36 } from 'multiformats/bases/base36'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import type { Hex } from 'viem'
import { parseAnyBase } from '../cid.js'
import { InputError, quote } from '../errors.js'

const IPFS_NS = 0xe3
const IPNS_NS = 0xe5
const SWARM_NS = 0xe4
const DAG_PB = 0x70
const RAW = 0x55
const LIBP2P_KEY = 0x72
const IDENTITY = 0x00
const SHA2_256 = 0x12

/** A value to write: the protocol, the CIDv1, its canonical URI and the record's bytes. */
export interface Contenthash {
  readonly protocol: 'ipfs' | 'ipns'
  readonly cid: CID
  /** `ipfs://<base32 CIDv1>` or `ipns://<base36 libp2p-key name>`. */
  readonly uri: string
  /** The record as the resolver stores it, lower-case hex. */
  readonly hex: Hex
}

const toHex = (bytes: Uint8Array): Hex => `0x${Buffer.from(bytes).toString('hex')}`

function encode(code: number, cid: CID): Hex {
  const body = cid.bytes
  const out = new Uint8Array(varint.encodingLength(code) + body.length)
  varint.encodeTo(code, out, 0)
  out.set(body, varint.encodingLength(code))
  return toHex(out)
}

const uriOf = (protocol: 'ipfs' | 'ipns', cid: CID): string =>
  protocol === 'ipfs' ? `ipfs://${cid.toString()}` : `ipns://${cid.toString(base36)}`

/** An IPNS name as a libp2p-key CIDv1: from a CID in any base, or a base58 peer id (`12D3…`, `Qm…`). */
function ipnsName(text: string): CID | undefined {
  let cid: CID | undefined
  try {
    cid = parseAnyBase(text)
  } catch {
    try {
      cid = CID.createV1(LIBP2P_KEY, Digest.decode(base58btc.baseDecode(text)))
    } catch {
      return undefined
    }
  }
  // A base58 peer id of an RSA key reads as a CIDv0: the multihash is the key's.
  if (cid.version === 0) cid = CID.createV1(LIBP2P_KEY, cid.multihash)
  const hash = cid.multihash.code
  if (cid.code !== LIBP2P_KEY || (hash !== IDENTITY && hash !== SHA2_256)) return undefined
  return cid.toV1()
}

/**
 * The record for `value`: `ipfs://<cid>`, `/ipfs/<cid>` or a bare CID (a UnixFS root: dag-pb or
 * raw), or `ipns://<name>` / `/ipns/<name>` (a libp2p-key name; DNSLink names cannot be
 * written, ENSIP-7). An `InputError` naming `input` for anything else.
 */
export function contenthashOf(value: string, input = 'value'): Contenthash {
  const given = value.trim()
  const m = /^(?:(ipfs|ipns):\/\/|\/(ipfs|ipns)\/)?([^/?#]+)\/?$/i.exec(given)
  const bad = (why: string): InputError =>
    new InputError(
      input,
      `Input "${input}" has ${quote(given)}, which cannot be an ENS contenthash: ${why}. Allowed: "ipfs://<cid>" (a UnixFS root, dag-pb or raw) or "ipns://<libp2p-key name>".`,
    )
  if (m === null) throw bad('a contenthash holds one CID or IPNS name, with no path')
  const protocol = (m[1] ?? m[2] ?? 'ipfs').toLowerCase() as 'ipfs' | 'ipns'
  const id = m[3] ?? ''
  if (protocol === 'ipns') {
    const cid = ipnsName(id)
    if (cid === undefined) throw bad('an IPNS name here must be a libp2p-key (k51…, 12D3…)')
    return { protocol, cid, uri: uriOf(protocol, cid), hex: encode(IPNS_NS, cid) }
  }
  let cid: CID
  try {
    cid = parseAnyBase(id).toV1()
  } catch {
    throw bad('it is not a CID')
  }
  if (cid.code !== DAG_PB && cid.code !== RAW)
    throw bad(`its codec 0x${cid.code.toString(16)} is not a UnixFS root (dag-pb or raw)`)
  return { protocol, cid, uri: uriOf(protocol, cid), hex: encode(IPFS_NS, cid) }
}

/** A record as read back: what it points to, in whatever form it was written. */
export interface DecodedContenthash {
  /** `none` for an empty record; `other` for a protocol this module does not read. */
  readonly protocol: 'ipfs' | 'ipns' | 'swarm' | 'other' | 'none'
  /** The CID (IPFS content, or the IPNS name's key), when the record holds one; as written. */
  readonly cid?: CID
  /** `ipfs://…`, `ipns://…` (a legacy DNSLink name too), `bzz://…`; undefined when unreadable. */
  readonly uri?: string
  /** The protocol code (multicodec) the record starts with. */
  readonly code?: number
  readonly hex: Hex
}

/** Reads a record (never throws: an unreadable one is `other` without a URI). */
export function decodeContenthash(hex: string): DecodedContenthash {
  const h = (hex.startsWith('0x') ? hex : `0x${hex}`).toLowerCase() as Hex
  const bytes = Buffer.from(h.slice(2), 'hex')
  if (bytes.length === 0) return { protocol: 'none', hex: h }
  let code: number
  let offset: number
  try {
    ;[code, offset] = varint.decode(bytes)
  } catch {
    return { protocol: 'other', hex: h }
  }
  const rest = bytes.subarray(offset)
  try {
    if (code === IPFS_NS) {
      const cid = CID.decode(rest)
      return { protocol: 'ipfs', cid, uri: uriOf('ipfs', cid.toV1()), code, hex: h }
    }
    if (code === IPNS_NS) {
      const cid = CID.decode(rest)
      // A legacy record names a DNSLink domain: dag-pb over an identity hash of its text.
      if (cid.code === DAG_PB && cid.multihash.code === IDENTITY)
        return {
          protocol: 'ipns',
          uri: `ipns://${Buffer.from(cid.multihash.digest).toString('utf8')}`,
          code,
          hex: h,
        }
      return { protocol: 'ipns', cid, uri: uriOf('ipns', cid.toV1()), code, hex: h }
    }
    if (code === SWARM_NS) {
      const cid = CID.decode(rest)
      return {
        protocol: 'swarm',
        cid,
        uri: `bzz://${toHex(cid.multihash.digest).slice(2)}`,
        code,
        hex: h,
      }
    }
  } catch {
    // a known protocol whose value does not decode
  }
  return { protocol: 'other', code, hex: h }
}

/** Whether the record already holds exactly these bytes (hex compared without case). */
export const sameContenthash = (a: string, b: string): boolean =>
  a.toLowerCase() === b.toLowerCase()
