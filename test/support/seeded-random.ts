/**
 * Deterministic fixture generators ported from kubo's CLI test suite, so tests can regenerate the
 * IPIP-499 ("UnixFS CID profiles") fixture inputs byte-for-byte and compare CIDs against kubo.
 *
 * Go sources ported (kubo >= 0.40):
 * - `ipfs/kubo` `test/cli/testutils/random_deterministic.go`:
 *   `DeterministicRandomReader` / `DeterministicRandomReaderBytes` (also the older copy in
 *   `test/cli/harness/random_reader.go`). Key = SHA-256(seed), 12-byte all-zero nonce, IETF
 *   ChaCha20 (`golang.org/x/crypto/chacha20.NewUnauthenticatedCipher`, block counter starting
 *   at 0); output is the raw keystream (`XORKeyStream` over zeros), truncated to `size` bytes.
 * - `ipfs/kubo` `test/cli/harness/ipfs.go`: `IPFSAddDeterministic(sizeStr, seed)` /
 *   `IPFSAddDeterministicBytes(size, seed)` pipe that reader into `ipfs add`.
 * - `ipfs/kubo` `test/cli/add_test.go`: `createDeterministicFiles` (called via
 *   `createDirectoryForHAMTLinksEstimation` / `createDirectoryForHAMTBlockEstimation`) builds the
 *   HAMT-threshold directories; `testutils.AlphabetEasy` comes from
 *   `test/cli/testutils/strings.go`.
 * - `ipfs/kubo` `test/cli/cid_profiles_test.go`: fixture parameters (seeds, sizes, name lengths).
 *
 * Note: kubo does NOT use `github.com/ipfs/go-test/random` for these fixtures (that package wraps
 * Go's `math/rand` and is not used here).
 *
 * Fixture parameters (from `cid_profiles_test.go` / `add_test.go`):
 *
 * | profile        | vector                  | generator call                                              |
 * | -------------- | ----------------------- | ----------------------------------------------------------- |
 * | unixfs-v0-2015 | file at/over chunk size | `seededBytes('chunk-v0-seed', 262144 \| 262145)`             |
 * | unixfs-v0-2015 | file at/over max links  | `seededBytes('v0-seed', 174 * 262144 (+1))`                  |
 * | unixfs-v0-2015 | dir basic / HAMT        | `hamtFixtureEntries('hamt-unixfs-v0-2015', 4096, 30)` / `(…, 4033, 31)` |
 * | unixfs-v1-2025 | file at/over chunk size | `seededBytes('chunk-v1-seed', 1048576 \| 1048577)`           |
 * | unixfs-v1-2025 | file at/over max links  | `seededBytes('v1-2025-seed', 1024 * 1048576 (+1))`           |
 * | unixfs-v1-2025 | dir basic / HAMT        | `hamtFixtureEntries('hamt-unixfs-v1-2025', 4766, 11, 21 \| 22)` |
 * | add_test.go    | --max-file-links 1024   | `seededBytes('hello world', 262144 * 1024)` (256 MiB)        |
 *
 * @module
 */

import { createCipheriv, createHash } from 'node:crypto'

/** 1 MiB: default (and maximum) chunk size yielded by {@link seededBytes}. */
const MIB = 1024 * 1024

/**
 * `testutils.AlphabetEasy` from `ipfs/kubo` `test/cli/testutils/strings.go`, verbatim. It is 39
 * characters long and contains `0` twice (indices 26 and 36); keep it as-is, byte `b` maps to
 * `ALPHABET_EASY[b % 39]`.
 */
export const ALPHABET_EASY = 'abcdefghijklmnopqrstuvwxyz01234567890-_'

/**
 * Size of the seeded reader `createDeterministicFiles` draws file names from:
 * `testutils.DeterministicRandomReader("1MiB", seed)` (go-humanize parses "1MiB" as 1048576).
 */
export const FILENAME_STREAM_BYTES = MIB

/**
 * A stateful deterministic byte source: the ChaCha20 keystream for `key = sha256(seed)`, zero
 * nonce, counter 0. Consecutive {@link SeededReader.read} calls continue the same keystream, like
 * successive `Read`s on kubo's `randomReader` (so read granularity never affects the output).
 */
export interface SeededReader {
  /** Returns the next `n` keystream bytes (a fresh, caller-owned buffer). */
  read(n: number): Uint8Array
}

/**
 * Port of kubo's `DeterministicRandomReaderBytes` keystream setup
 * (`ipfs/kubo` `test/cli/testutils/random_deterministic.go`). Unbounded; callers enforce size.
 *
 * Node/OpenSSL `chacha20` takes a 16-byte IV = 4-byte little-endian block counter || 12-byte
 * nonce, so an all-zero IV equals Go's `NewUnauthenticatedCipher(key, zeroNonce[12])` starting
 * at counter 0. The 32-bit counter covers 256 GiB, far beyond any fixture.
 */
export function createSeededReader(seed: string): SeededReader {
  const key = createHash('sha256').update(seed, 'utf8').digest()
  const cipher = createCipheriv('chacha20', key, Buffer.alloc(16))
  let zeros = Buffer.alloc(0)
  return {
    read(n: number): Uint8Array {
      if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`invalid read length: ${n}`)
      if (n === 0) return new Uint8Array(0)
      if (zeros.length < n) zeros = Buffer.alloc(n)
      const out = cipher.update(zeros.subarray(0, n))
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
    },
  }
}

/**
 * Streams exactly `size` deterministic pseudo-random bytes for `seed`: the same bytes kubo's
 * `DeterministicRandomReaderBytes(size, seed)` / `IPFSAddDeterministic(sizeStr, seed)` feed to
 * `ipfs add` (`ipfs/kubo` `test/cli/testutils/random_deterministic.go`, `test/cli/harness/ipfs.go`).
 *
 * Memory is bounded by `chunkSize` (default and max 1 MiB); each yielded chunk is a fresh buffer,
 * so consumers may retain it. All chunks are `chunkSize` bytes except possibly the last.
 *
 * @param seed - seed string, hashed with SHA-256 to form the ChaCha20 key (e.g. `'v0-seed'`).
 * @param size - total number of bytes to produce (non-negative safe integer).
 * @param chunkSize - bytes per yielded chunk, 1..1048576.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- async by contract (importer content source); generation itself is synchronous
export async function* seededBytes(
  seed: string,
  size: number,
  chunkSize: number = MIB,
): AsyncGenerator<Uint8Array, void, undefined> {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`invalid size: ${size}`)
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1 || chunkSize > MIB) {
    throw new RangeError(`chunkSize must be an integer in [1, ${MIB}], got ${chunkSize}`)
  }
  const reader = createSeededReader(seed)
  let remaining = size
  while (remaining > 0) {
    const n = Math.min(chunkSize, remaining)
    remaining -= n
    yield reader.read(n)
  }
}

/**
 * Synchronous, whole-buffer variant of {@link seededBytes} for small fixtures (e.g. the
 * 262144/262145-byte chunk-size vectors). Same bytes as `seededBytes(seed, size)` concatenated.
 */
export function seededBytesSync(seed: string, size: number): Uint8Array {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`invalid size: ${size}`)
  return createSeededReader(seed).read(size)
}

/**
 * File names exactly as kubo's `createDeterministicFiles` (`ipfs/kubo` `test/cli/add_test.go`)
 * derives them, in generation order (duplicates, if any, are kept):
 *
 * - one reader `DeterministicRandomReader("1MiB", seed)` is shared by all names;
 * - name `i` consumes the next `nameLen` bytes (`lastNameLen` for the final name,
 *   `i == count - 1`), each byte `b` becoming `ALPHABET_EASY[b % 39]`.
 *
 * Throws if the names would need more than the reader's 1 MiB (Go's `io.ReadFull` would fail).
 *
 * @param seed - e.g. `'hamt-unixfs-v0-2015'` or `'hamt-unixfs-v1-2025'`.
 * @param count - number of files (`DirBasicFiles` / `DirHAMTFiles`).
 * @param nameLen - length of names 0..count-2 (`DirBasicNameLen` / `DirHAMTNameLen`).
 * @param lastNameLen - length of the last name; defaults to `nameLen` (kubo's "0 = same").
 */
export function deterministicFilenames(
  seed: string,
  count: number,
  nameLen: number,
  lastNameLen: number = nameLen,
): string[] {
  for (const [label, v] of [
    ['count', count],
    ['nameLen', nameLen],
    ['lastNameLen', lastNameLen],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`invalid ${label}: ${v}`)
  }
  const total = count === 0 ? 0 : (count - 1) * nameLen + lastNameLen
  if (total > FILENAME_STREAM_BYTES) {
    throw new RangeError(
      `names need ${total} bytes but kubo's name stream is only ${FILENAME_STREAM_BYTES} bytes`,
    )
  }
  const bytes = createSeededReader(seed).read(total)
  const names: string[] = []
  let offset = 0
  for (let i = 0; i < count; i++) {
    const len = i === count - 1 ? lastNameLen : nameLen
    let name = ''
    for (let j = 0; j < len; j++) {
      // offset < total === bytes.length, so the index is always in range.
      name += ALPHABET_EASY[(bytes[offset + j] ?? 0) % ALPHABET_EASY.length]
    }
    offset += len
    names.push(name)
  }
  return names
}

/** One file of a HAMT-threshold directory fixture. */
export interface FixtureEntry {
  /** File name (ASCII, from {@link ALPHABET_EASY}). */
  name: string
  /** File content: always the single byte `"x"` (0x78), as in kubo's `createDeterministicFiles`. */
  content: Uint8Array
}

/**
 * The directory fixture kubo's `createDeterministicFiles` writes to disk (`ipfs/kubo`
 * `test/cli/add_test.go`) and then imports with `ipfs add -r`, as in-memory entries:
 *
 * - names from {@link deterministicFilenames}`(seed, count, nameLen, lastNameLen)`;
 * - each file's content is `"x"` (1 byte, so directory links get a non-zero Tsize);
 * - returned sorted by name (byte order), i.e. the order `ipfs add -r` reads the directory
 *   (Go's `os.ReadDir` sorts by name); a repeated name is kept once, as the on-disk
 *   `os.WriteFile` would simply overwrite the same file. No duplicates occur for the kubo vectors.
 *
 * Import them as `{ path: 'dir/' + name, content }` and take the CID of the `dir` entry.
 *
 * kubo vectors: v0 `('hamt-unixfs-v0-2015', 4096, 30)` basic, `(…, 4033, 31)` HAMT;
 * v1 `('hamt-unixfs-v1-2025', 4766, 11, 21)` basic, `(…, 4766, 11, 22)` HAMT.
 *
 * @param seed - name-stream seed (`hamtSeedForProfile` in `cid_profiles_test.go`).
 * @param count - number of files written.
 * @param nameLen - length of every name except the last.
 * @param lastNameLen - length of the last generated name (defaults to `nameLen`).
 */
export function hamtFixtureEntries(
  seed: string,
  count: number,
  nameLen: number,
  lastNameLen: number = nameLen,
): FixtureEntry[] {
  const unique = [...new Set(deterministicFilenames(seed, count, nameLen, lastNameLen))]
  // Names are ASCII, so UTF-16 code-unit order equals byte order.
  unique.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return unique.map((name) => ({ name, content: Uint8Array.of(0x78) }))
}
