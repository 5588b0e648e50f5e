/**
 * The links and data of a dag-pb node, read in place: what the retrieval check follows. A node of
 * 2 MiB holds about 45,000 links; decoding them into CID objects (@ipld/dag-pb) cost microseconds
 * and a few hundred bytes each, so the check reads where each link's CID and name lie in the
 * node, and copies out only what it keeps. As strict as @ipld/dag-pb's decoder: fields in order
 * (links before data, a link's Hash, Name, Tsize in that order), each at most once where it may
 * be, nothing else. (dag-pb: https://ipld.io/specs/codecs/dag-pb/spec/)
 */

export interface PbNode {
  readonly bytes: Uint8Array
  /** Links: 4 numbers each, the offset and length in `bytes` of its CID, then of its name (-1, 0: none). */
  readonly links: Int32Array
  readonly count: number
  readonly data: Uint8Array | undefined
}

/** The CID bytes of link `i` (a view into the node). */
export const linkCid = (n: PbNode, i: number): Uint8Array =>
  n.bytes.subarray(n.links[4 * i] ?? 0, (n.links[4 * i] ?? 0) + (n.links[4 * i + 1] ?? 0))

/** Does link `i` have the name `name` (UTF-8) after `skip` bytes of prefix (a HAMT's 2 hex digits)? */
export function linkNamed(n: PbNode, i: number, name: Buffer, skip = 0): boolean {
  const at = n.links[4 * i + 2] ?? -1
  const length = n.links[4 * i + 3] ?? 0
  if (at < 0 || length !== name.length + skip) return false
  return name.equals(n.bytes.subarray(at + skip, at + length))
}

/** The length of link `i`'s name in bytes (-1: no name). */
export const nameLength = (n: PbNode, i: number): number =>
  (n.links[4 * i + 2] ?? -1) < 0 ? -1 : (n.links[4 * i + 3] ?? 0)

class Malformed extends Error {}

function varint(b: Uint8Array, at: number, end: number): [value: number, next: number] {
  let value = 0
  let mul = 1
  for (let i = at; i < end && i < at + 8; i++) {
    const x = b[i] ?? 0
    value += (x & 0x7f) * mul
    if ((x & 0x80) === 0) return [value, i + 1]
    mul *= 128
  }
  throw new Malformed('a varint runs past its end')
}

/** A length-delimited field at `at`: where its bytes start, and where the next field starts. */
function field(b: Uint8Array, at: number, end: number): [start: number, next: number] {
  const [length, start] = varint(b, at, end)
  if (start + length > end) throw new Malformed('a field runs past its end')
  return [start, start + length]
}

/** Reads a dag-pb node; throws an Error saying what is wrong with it. */
export function readNode(b: Uint8Array): PbNode {
  let links = new Int32Array(64)
  let count = 0
  let data: Uint8Array | undefined
  let at = 0
  while (at < b.length) {
    const tag = b[at++]
    if (tag === 0x12) {
      if (data !== undefined) throw new Malformed('links after data')
      const [start, next] = field(b, at, b.length)
      if (4 * count + 4 > links.length) {
        const more = new Int32Array(links.length * 2)
        more.set(links)
        links = more
      }
      readLink(b, start, next, links, 4 * count++)
      at = next
    } else if (tag === 0x0a) {
      if (data !== undefined) throw new Malformed('data twice')
      const [start, next] = field(b, at, b.length)
      data = b.subarray(start, next)
      at = next
    } else throw new Malformed(`an unknown field (tag 0x${(tag ?? 0).toString(16)})`)
  }
  return { bytes: b, links: links.subarray(0, 4 * count), count, data }
}

/** A link in `b[at, end)`: its Hash's and Name's places go to `out[o..o+3]`. */
function readLink(b: Uint8Array, at: number, end: number, out: Int32Array, o: number): void {
  let last = 0
  out[o] = -1
  out[o + 2] = -1
  out[o + 3] = 0
  while (at < end) {
    const tag = b[at++] ?? 0
    const number = tag >> 3
    if (number <= last) throw new Malformed('link fields out of order or repeated')
    last = number
    if (tag === 0x0a || tag === 0x12) {
      const [start, next] = field(b, at, end)
      out[o + (tag === 0x0a ? 0 : 2)] = start
      out[o + (tag === 0x0a ? 1 : 3)] = next - start
      at = next
    } else if (tag === 0x18) at = varint(b, at, end)[1]
    else throw new Malformed(`a link has an unknown field (tag 0x${tag.toString(16)})`)
  }
  if ((out[o] ?? -1) < 0) throw new Malformed('a link has no Hash')
}
