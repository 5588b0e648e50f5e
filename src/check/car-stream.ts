/**
 * Reads a gateway's CARv1 stream in bounded memory, refusing what no honest trustless gateway
 * sends before buffering any of it (docs/names/trustless-gateway.md#limits):
 *
 * - a header whose length prefix is over `MAX_HEADER`, or a header that is not CARv1;
 * - a section whose length prefix leaves room for a block over `MAX_BLOCK` (2 MiB), refused on
 *   reading the length;
 * - a CID that is not a CIDv0 or a CIDv1 of a dag-pb or raw block hashed with SHA-256 (an
 *   identity multihash, another hash function or codec, a digest that is not 32 bytes): refused
 *   on its first bytes, and quoted as a short hex prefix, never whole.
 *
 * Blocks come out one at a time, without copying when a block lies in one chunk of the stream;
 * otherwise its pieces are gathered once, into memory the caller lends (`space`).
 */
import { bytesReader, readHeader } from '@ipld/car/decoder'
import { CID } from 'multiformats/cid'

/** The largest block a client should take [SPEC trustless §Block Limits]. */
export const MAX_BLOCK = 2 * 1024 * 1024
/** The largest CAR header taken: a CARv1 header naming a root is about 60 bytes. */
export const MAX_HEADER = 64 * 1024
/** The CIDs taken: CIDv0 (34 bytes), and CIDv1 dag-pb or raw with a SHA-256 digest (36). */
const CID_V1_BYTES = 36
const CODECS: Readonly<Record<number, string>> = { 0x70: 'dag-pb', 0x55: 'raw', 0x71: 'dag-cbor' }
const HASHES: Readonly<Record<number, string>> = {
  0x00: 'identity',
  0x11: 'sha1',
  0x12: 'sha2-256',
  0x13: 'sha2-512',
  0x1e: 'blake3',
  0xb220: 'blake2b-256',
}

/** The gateway sent what no trustless gateway may: final, asking again would not help. */
export class CarRefused extends Error {
  override readonly name = 'CarRefused'
}

/** The stream ended inside the header or a section: the gateway stopped early (transient). */
export class CarCut extends Error {
  override readonly name = 'CarCut'
}

export interface CarBlock {
  readonly cid: CID
  /** Valid until the next block is asked for (or, when lent by `space`, while it is lent). */
  readonly bytes: Uint8Array
}

/** Sections read so far (whole or not), for messages. */
export interface CarProgress {
  sections: number
  bytes: number
}

const hex = (b: Uint8Array, max = 16): string =>
  `${Buffer.from(b.subarray(0, max)).toString('hex')}${b.length > max ? '…' : ''}`

/** A varint at `at` of `b`, or undefined when `b` ends first or it is over 9 bytes. */
function varintAt(b: Uint8Array, at: number): [value: number, next: number] | undefined {
  let value = 0
  let mul = 1
  for (let i = at; i < b.length && i < at + 9; i++) {
    const x = b[i] ?? 0
    value += (x & 0x7f) * mul
    if ((x & 0x80) === 0) return [value, i + 1]
    mul *= 128
  }
  return undefined
}

const named = (table: Readonly<Record<number, string>>, code: number | undefined): string =>
  code === undefined
    ? 'unreadable'
    : `0x${code.toString(16)}${table[code] !== undefined ? ` (${table[code]})` : ''}`

/**
 * Checks the first bytes of a section (up to 4 are enough): how long its CID is, or why it is
 * refused. `head` holds what has arrived of the section, `length` its announced size.
 */
function cidLength(head: Uint8Array, length: number): number {
  const b0 = head[0]
  const why = (text: string): never => {
    throw new CarRefused(`${text}; the section starts ${hex(head)}`)
  }
  if (b0 === 0x12) {
    if (head[1] !== 0x20) why('a CIDv0 block whose digest is not 32 bytes')
    if (length < 34) why(`a section of ${length} bytes, shorter than its CID`)
    return 34
  }
  if (b0 !== 0x01)
    why(`a block whose CID is not CIDv0 or CIDv1 (first byte 0x${(b0 ?? 0).toString(16)})`)
  const codec = varintAt(head, 1)
  if (codec?.[0] !== 0x70 && codec?.[0] !== 0x55)
    why(`a block of codec ${named(CODECS, codec?.[0])}: the check reads dag-pb and raw blocks`)
  const hash = varintAt(head, codec?.[1] ?? 2)
  if (hash?.[0] !== 0x12) {
    const digest = hash === undefined ? undefined : varintAt(head, hash[1])
    why(
      `a block whose CID uses the hash function ${named(HASHES, hash?.[0])}${digest !== undefined ? ` with a ${digest[0]}-byte digest` : ''}: the check verifies SHA-256 blocks`,
    )
  }
  if (head[3] !== 0x20) why('a SHA-256 block whose digest is not 32 bytes')
  if (length < CID_V1_BYTES) why(`a section of ${length} bytes, shorter than its CID`)
  return CID_V1_BYTES
}

/**
 * The blocks of a CARv1 `body`, checked as above; `progress` counts the sections started.
 * `space(n, align)` lends `n` bytes to gather a block that spans chunks (it may wait for room);
 * `align` is where the block's first byte sits in its chunk's memory, modulo 8, so that the
 * lender can place it alike (see hasher.ts: copies into shared memory are slow otherwise).
 * Throws `CarRefused` or `CarCut`; errors of `body` itself (a reset) pass through.
 */
export async function* readCar(
  body: AsyncIterable<Uint8Array>,
  space: (length: number, align: number) => Uint8Array | Promise<Uint8Array>,
  progress: CarProgress,
): AsyncGenerator<CarBlock, void, undefined> {
  type Phase = 'header-length' | 'header' | 'length' | 'cid' | 'block'
  let phase: Phase = 'header-length'
  // A varint being read: its value so far, the next digit's weight, digits read.
  let vValue = 0
  let vMul = 1
  let vDigits = 0
  let header: Uint8Array = new Uint8Array(0)
  let headerAt = 0
  let length = 0
  // The CID: gathered here (its first 4 bytes decide its length).
  const cidBuf = new Uint8Array(CID_V1_BYTES)
  let cidAt = 0
  let cidLen = 0
  let cid: CID | undefined
  let block: Uint8Array | undefined
  let blockAt = 0
  let blockLen = 0
  const limit = (): number => (phase === 'header-length' ? MAX_HEADER : MAX_BLOCK + CID_V1_BYTES)

  for await (const chunk of body) {
    let i = 0
    while (i < chunk.length) {
      if (phase === 'header-length' || phase === 'length') {
        const x = chunk[i++] ?? 0
        vValue += (x & 0x7f) * vMul
        vMul *= 128
        vDigits++
        // A length is at most 9 bytes long (2^63), and refused as soon as it is read whole,
        // before any of what it announces is gathered.
        if (vDigits === 9 && (x & 0x80) !== 0)
          throw new CarRefused(
            `the ${phase === 'header-length' ? 'CAR header' : `section of block ${progress.sections + 1}`} has a length prefix longer than 9 bytes`,
          )
        if ((x & 0x80) === 0 && vValue > limit())
          throw new CarRefused(
            phase === 'header-length'
              ? `the CAR header says it is ${vValue} bytes long: a header may not be larger than ${MAX_HEADER} bytes`
              : `the section of block ${progress.sections + 1} says it is ${vValue} bytes long: a block may not be larger than ${MAX_BLOCK} bytes (2 MiB)`,
          )
        if ((x & 0x80) !== 0) continue
        const v = vValue
        vValue = 0
        vMul = 1
        vDigits = 0
        if (phase === 'header-length') {
          if (v === 0) throw new CarRefused('the CAR header is empty')
          // The varint goes with it: @ipld/car's header reader reads both.
          header = new Uint8Array(v + 4)
          header[0] = (v & 0x7f) | (v > 0x7f ? 0x80 : 0)
          let at = 1
          for (let rest = Math.floor(v / 128); rest > 0; rest = Math.floor(rest / 128))
            header[at++] = (rest & 0x7f) | (rest > 0x7f ? 0x80 : 0)
          header = header.subarray(0, at + v)
          headerAt = at
          phase = 'header'
        } else {
          if (v === 0)
            throw new CarRefused(`the section of block ${progress.sections + 1} is empty`)
          length = v
          progress.sections++
          cidAt = 0
          cidLen = 0
          phase = 'cid'
        }
        continue
      }
      if (phase === 'header') {
        const n = Math.min(header.length - headerAt, chunk.length - i)
        header.set(chunk.subarray(i, i + n), headerAt)
        headerAt += n
        i += n
        if (headerAt < header.length) continue
        try {
          await readHeader(bytesReader(header), 1)
        } catch (err) {
          throw new CarRefused(
            `the answer does not start with a CARv1 header (${err instanceof Error ? err.message : String(err)}); it starts ${hex(header)}`,
          )
        }
        progress.bytes += header.length
        header = new Uint8Array(0)
        phase = 'length'
        continue
      }
      if (phase === 'cid') {
        const want = (cidLen === 0 ? Math.min(4, length) : cidLen) - cidAt
        const n = Math.min(want, chunk.length - i)
        cidBuf.set(chunk.subarray(i, i + n), cidAt)
        cidAt += n
        i += n
        if (cidLen === 0 && cidAt === Math.min(4, length)) {
          // Decided on 4 bytes; a refusal quotes what else of the section is at hand (16 at most).
          const more = chunk.subarray(i, i + Math.min(12, length - cidAt))
          cidLen = cidLength(Buffer.concat([cidBuf.subarray(0, cidAt), more]), length)
          if (length - cidLen > MAX_BLOCK)
            throw new CarRefused(
              `the section of block ${progress.sections} holds ${length - cidLen} bytes: a block may not be larger than ${MAX_BLOCK} bytes (2 MiB)`,
            )
        }
        if (cidLen === 0 || cidAt < cidLen) continue
        cid = CID.decode(cidBuf.slice(0, cidLen))
        blockLen = length - cidLen
        blockAt = 0
        // A block that lies whole in this chunk is taken from it, not copied.
        if (chunk.length - i >= blockLen) {
          const bytes = chunk.subarray(i, i + blockLen)
          i += blockLen
          progress.bytes += length
          phase = 'length'
          yield { cid, bytes }
          continue
        }
        block = await space(blockLen, (chunk.byteOffset + i) % 8)
        phase = 'block'
        continue
      }
      // phase === 'block'
      const n = Math.min(blockLen - blockAt, chunk.length - i)
      block?.set(chunk.subarray(i, i + n), blockAt)
      blockAt += n
      i += n
      if (blockAt < blockLen || block === undefined || cid === undefined) continue
      progress.bytes += length
      phase = 'length'
      const done = { cid, bytes: block }
      block = undefined
      yield done
    }
  }
  if (phase === 'header-length' && headerAt === 0 && vDigits === 0)
    throw new CarCut('the answer is empty: no CAR header came')
  if (phase === 'header-length' || phase === 'header')
    throw new CarCut('the stream ended inside the CAR header')
  if (phase !== 'length' || vDigits > 0)
    throw new CarCut(`the stream ended inside the section of block ${progress.sections}`)
}
