/**
 * The links and data of a dag-pb node, read in place: what the retrieval check follows. A node of
 * 2 MiB holds about 45,000 links; decoding them into CID objects (@ipld/dag-pb) cost microseconds
 * each, so the check reads each link's CID as the bytes it is, and its name only when a path
 * needs it. As strict as @ipld/dag-pb's decoder: fields in order (links before data, a link's
 * Hash, Name, Tsize in that order), each at most once where it may be, nothing else.
 * (dag-pb: https://ipld.io/specs/codecs/dag-pb/spec/)
 */

export interface PbLink {
  /** The CID's bytes (a view into the node). */
  readonly hash: Uint8Array
  /** The name's UTF-8 bytes, when there is one (a view into the node). */
  readonly name: Uint8Array | undefined
}

export interface PbNode {
  readonly links: PbLink[]
  readonly data: Uint8Array | undefined
}

class Malformed extends Error {}

function varint(b: Uint8Array, at: number): [value: number, next: number] {
  let value = 0
  let mul = 1
  for (let i = at; i < b.length && i < at + 8; i++) {
    const x = b[i] ?? 0
    value += (x & 0x7f) * mul
    if ((x & 0x80) === 0) return [value, i + 1]
    mul *= 128
  }
  throw new Malformed('a varint runs past its end')
}

/** A length-delimited field's bytes at `at`, and where the next field starts. */
function bytesAt(b: Uint8Array, at: number): [bytes: Uint8Array, next: number] {
  const [length, start] = varint(b, at)
  if (start + length > b.length) throw new Malformed('a field runs past the end of the block')
  return [b.subarray(start, start + length), start + length]
}

function link(b: Uint8Array): PbLink {
  let at = 0
  let hash: Uint8Array | undefined
  let name: Uint8Array | undefined
  let last = 0
  while (at < b.length) {
    const tag = b[at++]
    const field = (tag ?? 0) >> 3
    if (field <= last) throw new Malformed('link fields out of order or repeated')
    last = field
    if (tag === 0x0a) [hash, at] = bytesAt(b, at)
    else if (tag === 0x12) [name, at] = bytesAt(b, at)
    else if (tag === 0x18) at = varint(b, at)[1]
    else throw new Malformed(`a link has an unknown field (tag 0x${(tag ?? 0).toString(16)})`)
  }
  if (hash === undefined) throw new Malformed('a link has no Hash')
  return { hash, name }
}

/** Reads a dag-pb node; throws an Error saying what is wrong with it. */
export function readNode(b: Uint8Array): PbNode {
  const links: PbLink[] = []
  let data: Uint8Array | undefined
  let at = 0
  while (at < b.length) {
    const tag = b[at++]
    if (tag === 0x12) {
      if (data !== undefined) throw new Malformed('links after data')
      let bytes: Uint8Array
      ;[bytes, at] = bytesAt(b, at)
      links.push(link(bytes))
    } else if (tag === 0x0a) {
      if (data !== undefined) throw new Malformed('data twice')
      ;[data, at] = bytesAt(b, at)
    } else throw new Malformed(`an unknown field (tag 0x${(tag ?? 0).toString(16)})`)
  }
  return { links, data }
}
