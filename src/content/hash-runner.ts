/**
 * The reading and hashing that runs on worker threads (or in-process for small jobs), kept as
 * JavaScript source so that the same code runs in both places and survives bundling: a worker
 * started with `eval` gets it as a string, the main thread compiles it with `vm` (hash-pool.ts).
 *
 * A job reads files, or a range of one file, cut into chunks of the profile's chunk size; each
 * chunk becomes a leaf block (the chunk itself for raw leaves, or the chunk in its dag-pb
 * wrapper, read straight into place) and is hashed with SHA-256. With `keep`, the blocks come
 * back in one transferable buffer for the CAR; without, nothing but digests is returned.
 */

/** Files job: every file of `names` whole, if not larger than `small`. */
export interface FilesJob {
  readonly t: 'files'
  /** Prefix of every path (the collection's root and a separator). */
  readonly base: string
  /** Paths under `base`, joined with NUL (which no file name holds): one string to copy. */
  readonly names: string
  readonly chunk: number
  readonly v0: boolean
  /** Bytes that start a leaf's CID, before its 32-byte digest (version, codec, multihash). */
  readonly cid: readonly number[]
  readonly keep: boolean
  /** Larger files are only measured (reported `big`), not read. */
  readonly small: number
  /** With `keep`: stop after this many bytes; the rest is reported not done. */
  readonly cap: number
  /** With `keep`: where in the shared arena to lay the sections out (offset, length). */
  readonly slot?: readonly [number, number]
}

/** Range job: `[pos, pos + len)` of one file, `len` a multiple of `chunk` except at the end. */
export interface RangeJob {
  readonly t: 'range'
  readonly path: string
  readonly pos: number
  readonly len: number
  readonly chunk: number
  readonly v0: boolean
  readonly cid: readonly number[]
  readonly keep: boolean
  readonly slot?: readonly [number, number]
}

/**
 * Sum job: the SHA-256 of `[at, at + len)` of the shared arena (a block the retrieval check
 * received, src/check/hasher.ts). The digest comes back in `cids`; the other fields are empty.
 */
export interface SumJob {
  readonly t: 'sum'
  readonly at: number
  readonly len: number
}

export type HashJob = FilesJob | RangeJob | SumJob

export interface HashResult {
  /** Files done (files job); the rest must be sent again. */
  readonly done: number
  /** Per file: size in bytes, or -1 on error. */
  readonly sizes: Float64Array
  /** Per file: 1 when larger than `small` (not read). */
  readonly big: Uint8Array
  /** Per file: error code and message (files that could not be read). */
  readonly errors: ({ code: string; message: string } | null)[]
  /** Per file: leaves in `digests`. */
  readonly leaves: Uint32Array
  /** Each leaf's CID, `cid.length + 32` bytes per leaf, files in order. */
  readonly cids: Uint8Array
  /** Per leaf: offset of its block in `buf`, and the block's length. */
  readonly offsets: Float64Array
  readonly lengths: Float64Array
  /**
   * With `keep`: every leaf as a CAR section, ready to write: varint length, CID, block. A block
   * at `offsets[i]` is preceded by its varint and CID. In the shared arena at `at` (the job's
   * slot), or, when it did not fit there, in `buf`.
   */
  readonly at: number
  readonly buf: ArrayBuffer | null
  /** A range read came up short: the file shrank. */
  readonly short: boolean
}

/**
 * `(mods) => ({ run(job): HashResult })`, where mods is `{ fs, crypto, arena }` (node:fs,
 * node:crypto, and the SharedArrayBuffer jobs lay sections out in, or null). Self-contained: no
 * reference to anything outside the function.
 */
export const RUNNER_SOURCE = String.raw`(function makeRunner(mods) {
  'use strict'
  const fs = mods.fs
  const crypto = mods.crypto
  const arena = mods.arena
  let scratch = null

  function varintLength(n) {
    let len = 1
    while (n >= 0x80) { n = Math.floor(n / 0x80); len++ }
    return len
  }
  function putVarint(out, pos, n) {
    while (n >= 0x80) { out[pos++] = (n % 0x80) | 0x80; n = Math.floor(n / 0x80) }
    out[pos++] = n
    return pos
  }
  // dag-pb leaf of a chunk of n bytes: head, chunk, tail (blocks.ts, v0LeafFrame).
  function headLength(n) {
    const dataField = n > 0 ? 1 + varintLength(n) + n : 0
    const unixfsLength = 2 + dataField + 1 + varintLength(n)
    return 1 + varintLength(unixfsLength) + 2 + (n > 0 ? 1 + varintLength(n) : 0)
  }
  function writeHead(buf, pos, n) {
    const dataField = n > 0 ? 1 + varintLength(n) + n : 0
    const unixfsLength = 2 + dataField + 1 + varintLength(n)
    buf[pos++] = 0x0a
    pos = putVarint(buf, pos, unixfsLength)
    buf[pos++] = 0x08
    buf[pos++] = 0x02
    if (n > 0) { buf[pos++] = 0x12; pos = putVarint(buf, pos, n) }
    return pos
  }
  function writeTail(buf, pos, n) {
    buf[pos++] = 0x18
    return putVarint(buf, pos, n)
  }

  // Where a job's leaves go: blocks, each preceded (with keep) by room for its CAR section head.
  function Layout(job) {
    this.v0 = job.v0
    this.chunk = job.chunk
    this.cidLength = job.cid.length + 32
    this.sections = job.keep
  }
  Layout.prototype.blockLength = function (n) {
    return this.v0 ? headLength(n) + n + 1 + varintLength(n) : n
  }
  Layout.prototype.headOf = function (blockLength) {
    return this.sections ? varintLength(this.cidLength + blockLength) + this.cidLength : 0
  }
  Layout.prototype.bytes = function (size) {
    if (size === 0) { const b = this.blockLength(0); return this.headOf(b) + b }
    let total = 0
    for (let p = 0; p < size; p += this.chunk) {
      const b = this.blockLength(Math.min(this.chunk, size - p))
      total += this.headOf(b) + b
    }
    return total
  }
  Layout.prototype.leaves = function (size) { return size === 0 ? 1 : Math.ceil(size / this.chunk) }

  // Reads come in pieces of this size, each hashed right after it is read, while it is still in
  // the processor's cache: reading a whole chunk first and hashing it afterwards read it from
  // memory twice (about a third slower).
  const PIECE = 64 << 10
  function scratchOf(len) {
    if (scratch === null || scratch.length < len) scratch = Buffer.allocUnsafeSlow(len)
    return scratch
  }
  // Reads [pos, pos + len) of fd as leaf blocks and hashes them, writing each leaf's CID into
  // cids at leaf index at, on, and pushing each block's offset and length on out. With buf
  // (keep), the blocks are laid out in buf from off, each after room for its section head,
  // which is filled once the digest is known; without, pieces go through a small scratch
  // buffer (offsets 0). Returns the bytes read: short when the file shrank.
  function readLeaves(L, job, fd, pos, len, buf, off, out, cids, at) {
    const prefix = job.cid
    const leaves = L.leaves(len)
    const into = buf !== null ? buf : scratchOf(PIECE + 64)
    let read = 0
    for (let i = 0; i < leaves; i++) {
      const p = i * L.chunk
      const n = Math.min(L.chunk, len - p)
      const b = L.blockLength(n)
      const h = crypto.createHash('sha256')
      let o = 0
      if (buf !== null) {
        off += L.headOf(b)
        o = off
      }
      const start = o
      if (L.v0) {
        const e = writeHead(into, o, n)
        h.update(into.subarray(o, e))
        o = e
      }
      for (let q = 0; q < n; ) {
        const k = fs.readSync(fd, into, o, Math.min(PIECE, n - q), pos + p + q)
        if (k === 0) return read
        h.update(into.subarray(o, o + k))
        if (buf !== null) o += k
        q += k
        read += k
      }
      if (L.v0) {
        const e = writeTail(into, o, n)
        h.update(into.subarray(o, e))
        o = e
      }
      const c = (at + i) * L.cidLength
      for (let k = 0; k < prefix.length; k++) cids[c + k] = prefix[k]
      cids.set(h.digest(), c + prefix.length)
      if (buf !== null) {
        if (L.sections) {
          const head = putVarint(buf, start - L.headOf(b), L.cidLength + b)
          buf.set(cids.subarray(c, c + L.cidLength), head)
        }
        off = o
      }
      out.push(start, b)
    }
    return read
  }
  // The job's slot of the arena when the sections fit there, else a new buffer.
  function bufferOf(job, total) {
    if (job.slot && arena && total <= job.slot[1]) return Buffer.from(arena, job.slot[0], job.slot[1])
    return Buffer.from(new ArrayBuffer(Math.max(total, 1)))
  }
  function placed(buf) {
    if (buf === null) return { at: -1, buf: null }
    return buf.buffer === arena ? { at: buf.byteOffset, buf: null } : { at: -1, buf: buf.buffer }
  }
  function errorOf(err) {
    return { code: String((err && err.code) || 'EIO'), message: String((err && err.message) || err) }
  }

  function runFiles(job) {
    const L = new Layout(job)
    const paths = job.names.split('\0')
    const n = paths.length
    const sizes = new Float64Array(n)
    const big = new Uint8Array(n)
    const errors = new Array(n).fill(null)
    const leaves = new Uint32Array(n)
    const fds = new Array(n).fill(-1)
    // Open and measure first, so that the blocks of every file fit one buffer.
    let total = 0
    let done = 0
    let leafTotal = 0
    try {
      for (; done < n; done++) {
        if (job.keep && total >= job.cap && done > 0) break
        try {
          fds[done] = fs.openSync(job.base + paths[done], 'r')
          const size = fs.fstatSync(fds[done]).size
          sizes[done] = size
          if (size > job.small) { big[done] = 1; fs.closeSync(fds[done]); fds[done] = -1; continue }
          leaves[done] = L.leaves(size)
          leafTotal += leaves[done]
          total += L.bytes(size)
        } catch (err) {
          errors[done] = errorOf(err)
          sizes[done] = -1
          if (fds[done] >= 0) { try { fs.closeSync(fds[done]) } catch {} fds[done] = -1 }
        }
      }
      const buf = job.keep ? bufferOf(job, total) : null
      const cids = new Uint8Array(leafTotal * L.cidLength)
      const offsets = new Float64Array(leafTotal)
      const lengths = new Float64Array(leafTotal)
      let off = 0
      let leaf = 0
      for (let i = 0; i < done; i++) {
        if (fds[i] < 0) continue
        const spans = []
        const size = sizes[i]
        const got = readLeaves(L, job, fds[i], 0, size, buf, off, spans, cids, leaf)
        fs.closeSync(fds[i])
        fds[i] = -1
        if (got < size) {
          errors[i] = { code: 'ECHANGED', message: 'changed size while it was being read' }
          sizes[i] = -1
          leafTotal -= leaves[i]
          leaves[i] = 0
          continue
        }
        for (let s = 0; s < spans.length; s += 2) {
          offsets[leaf + s / 2] = spans[s]
          lengths[leaf + s / 2] = spans[s + 1]
        }
        if (buf !== null) off = spans[spans.length - 2] + spans[spans.length - 1]
        leaf += leaves[i]
      }
      return {
        done, sizes, big, errors, leaves,
        cids: cids.subarray(0, leaf * L.cidLength), offsets: offsets.subarray(0, leaf), lengths: lengths.subarray(0, leaf),
        ...placed(buf), short: false,
      }
    } finally {
      for (const fd of fds) if (fd >= 0) { try { fs.closeSync(fd) } catch {} }
    }
  }

  function runRange(job) {
    const L = new Layout(job)
    const count = L.leaves(job.len)
    const buf = job.keep ? bufferOf(job, L.bytes(job.len)) : null
    const cids = new Uint8Array(count * L.cidLength)
    const offsets = new Float64Array(count)
    const lengths = new Float64Array(count)
    const spans = []
    let fd = -1
    try {
      fd = fs.openSync(job.path, 'r')
      const got = readLeaves(L, job, fd, job.pos, job.len, buf, 0, spans, cids, 0)
      for (let s = 0; s < spans.length; s += 2) { offsets[s / 2] = spans[s]; lengths[s / 2] = spans[s + 1] }
      return {
        done: 1, sizes: Float64Array.of(job.len), big: new Uint8Array(1), errors: [null],
        leaves: Uint32Array.of(count), cids, offsets, lengths,
        ...placed(buf), short: got < job.len,
      }
    } catch (err) {
      return {
        done: 1, sizes: Float64Array.of(-1), big: new Uint8Array(1), errors: [errorOf(err)],
        leaves: new Uint32Array(1), cids: new Uint8Array(0), offsets: new Float64Array(0),
        lengths: new Float64Array(0), ...placed(buf), short: false,
      }
    } finally {
      if (fd >= 0) fs.closeSync(fd)
    }
  }

  function runSum(job) {
    const digest = crypto.createHash('sha256').update(new Uint8Array(arena, job.at, job.len)).digest()
    return {
      done: 1, sizes: new Float64Array(0), big: new Uint8Array(0), errors: [],
      leaves: new Uint32Array(0), cids: new Uint8Array(digest), offsets: new Float64Array(0),
      lengths: new Float64Array(0), at: -1, buf: null, short: false,
    }
  }

  return {
    run: (job) => (job.t === 'files' ? runFiles(job) : job.t === 'sum' ? runSum(job) : runRange(job)),
  }
})`
