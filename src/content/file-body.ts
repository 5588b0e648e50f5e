/**
 * A file's bytes as the body of an upload part, read when the part is reached: a small file in
 * one read, a large one streamed in 1 MiB pieces. A stream per small file cost an open, a 1 MiB
 * buffer and several round trips each, which made an upload of many small files several times
 * slower than the bytes alone. A file whose size changed since it was measured fails the upload
 * (its declared length would be wrong) instead of sending a malformed body.
 */
import { createReadStream, readFileSync } from 'node:fs'
import { ContentError, quote } from '../errors.js'

/** Files up to this size are read in one piece. */
const ONE_READ = 1 << 20

function changed(abs: string): ContentError {
  return new ContentError(
    `The file ${quote(abs)} changed size while it was being uploaded. Publish a finished build: run this step after the build has completed.`,
  )
}

/** The bytes of the file at `abs`, which was `size` bytes when measured. */
export function fileBody(
  abs: string,
  size: number,
): Iterable<Uint8Array> | AsyncIterable<Uint8Array> {
  if (size <= ONE_READ)
    return {
      *[Symbol.iterator]() {
        const bytes = readFileSync(abs)
        if (bytes.length !== size) throw changed(abs)
        yield bytes
      },
    }
  return (async function* () {
    let got = 0
    for await (const chunk of createReadStream(abs, {
      highWaterMark: 1 << 20,
    }) as AsyncIterable<Buffer>) {
      got += chunk.length
      if (got > size) throw changed(abs)
      yield chunk
    }
    if (got !== size) throw changed(abs)
  })()
}
