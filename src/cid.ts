/** CIDs as services report them: any multibase, v0 or v1. */
import { bases } from 'multiformats/basics'
import type { MultibaseDecoder } from 'multiformats/bases/interface'
import { CID } from 'multiformats/cid'

const DECODERS: Array<MultibaseDecoder<string>> = Object.values(bases).map((b) => b.decoder)

/** Parses a CID in any multibase (base32 in either case, base36, base58, base64…). */
export function parseAnyBase(text: string): CID {
  if (text.startsWith('Qm')) return CID.parse(text)
  for (const d of DECODERS) {
    try {
      return CID.parse(text, d)
    } catch {
      // not this base
    }
  }
  throw new Error(`not a CID: ${text}`)
}

/** The CID `text` holds in any multibase (v0 or v1); undefined when it holds none. */
export function parseCid(text: string): CID | undefined {
  try {
    return parseAnyBase(text.trim())
  } catch {
    return undefined
  }
}

/** Does the reported CID name the same block as the local one (any base, v0 or v1)? */
export function sameCid(reported: string, local: CID | string): boolean {
  const text = reported.trim()
  try {
    const r = parseAnyBase(text)
    if (typeof local === 'string') local = parseAnyBase(local.trim())
    return (
      r.code === local.code &&
      r.multihash.code === local.multihash.code &&
      Buffer.from(r.multihash.digest).equals(Buffer.from(local.multihash.digest))
    )
  } catch {
    return false
  }
}

/**
 * One key for a CID however it is written (any multibase, v0 or v1): its CIDv1 in base32, or the
 * text itself when it is not a CID. What cleanup compares listings, `protect` and names by.
 */
export function cidKey(text: string): string {
  try {
    return parseAnyBase(text.trim()).toV1().toString()
  } catch {
    return text
  }
}
