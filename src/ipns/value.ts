/**
 * What a name's value says and how large a record may be, without the IPNS libraries: DNSLink
 * and cleanup read values on every run, while the libraries that sign and verify records
 * (src/ipns/record.ts, src/ipns/key.ts) load only when a run has an IPNS name
 * (docs/performance.md, "The CLI").
 */
import type { CID } from 'multiformats/cid'
import { parseCid } from '../cid.js'

/** Largest record a router or peer accepts (docs/names/ipns.md#size). */
export const MAX_RECORD_BYTES = 10 * 1024

/**
 * The CID a DNSLink or IPNS value points to, when it is an `/ipfs/` path (`/ipfs/<cid>` or
 * `/ipfs/<cid>/sub/path`), the CID written in any multibase: base32 in either case, base36,
 * base58, base16 (src/cid.ts).
 */
export function valueCid(value: string): CID | undefined {
  const m = /^\/ipfs\/([^/?#]+)/.exec(value.trim())
  return m?.[1] !== undefined ? parseCid(m[1]) : undefined
}
