/**
 * multipart/form-data as a stream: parts are produced one after another as the request body is
 * consumed, so uploading a directory of any size holds one chunk in memory, not the directory.
 * Used by every upload that is not a raw CAR body: one `file` part per file, or the CAR as one.
 */
import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'

export type Part =
  | {
      /** A text field (some services take JSON in a string field). */
      readonly name: string
      readonly value: string
    }
  | {
      readonly name: string
      /** Sent as is except `"`, CR and LF, which are percent-encoded as browsers do. */
      readonly filename: string
      readonly contentType?: string
      /** Extra part headers (`Abspath`, say). */
      readonly headers?: Readonly<Record<string, string>>
      /** Byte length, when known: with every size known the body's Content-Length is known. */
      readonly size?: number
      /** Called when the part is reached: open files lazily. */
      readonly content: () => Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>
    }

export interface Multipart {
  /** `multipart/form-data; boundary=…` */
  readonly contentType: string
  /** Total bytes, when every file part has a `size`. */
  readonly length?: number
  /** A fresh body stream on each call (one per attempt). */
  readonly body: () => AsyncIterable<Uint8Array>
}

const quoteName = (s: string): string =>
  s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')

function partHead(boundary: string, part: Part): string {
  const lines = [`--${boundary}`]
  if ('value' in part) {
    lines.push(`Content-Disposition: form-data; name="${quoteName(part.name)}"`)
  } else {
    lines.push(
      `Content-Disposition: form-data; name="${quoteName(part.name)}"; filename="${quoteName(part.filename)}"`,
    )
    lines.push(`Content-Type: ${part.contentType ?? 'application/octet-stream'}`)
    for (const [k, v] of Object.entries(part.headers ?? {}))
      lines.push(`${k}: ${v.replace(/[\r\n]/g, ' ')}`)
  }
  return `${lines.join('\r\n')}\r\n\r\n`
}

/**
 * Builds a streamed multipart body. `parts` is a function so each attempt walks the parts anew
 * (and file contents are opened anew). The length is computed up front only when `sizes` are
 * all given, by walking `parts` once without reading any content.
 */
export function multipart(
  parts: () => Iterable<Part>,
  boundary = `----ipfs-pin-${randomBytes(12).toString('hex')}`,
): Multipart {
  const enc = new TextEncoder()
  let length: number | undefined = 0
  for (const p of parts()) {
    if (length === undefined) break
    const head = enc.encode(partHead(boundary, p)).length
    if ('value' in p) length += head + enc.encode(p.value).length + 2
    else if (p.size === undefined) length = undefined
    else length += head + p.size + 2
  }
  if (length !== undefined) length += enc.encode(`--${boundary}--\r\n`).length
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    ...(length !== undefined ? { length } : {}),
    body: () =>
      coalesce(
        (async function* () {
          for (const p of parts()) {
            yield enc.encode(partHead(boundary, p))
            if ('value' in p) yield enc.encode(p.value)
            else {
              const c = p.content()
              if (c instanceof Uint8Array) yield c
              else yield* c
            }
            yield enc.encode('\r\n')
          }
          yield enc.encode(`--${boundary}--\r\n`)
        })(),
      ),
  }
}

/** Pieces smaller than this are joined before they are sent. */
const JOIN_BELOW = 64 << 10

/**
 * Joins small pieces (part headers, small files, line breaks) into chunks of at least 64 KiB:
 * sent one by one, three pieces per file cost a socket write each, which made an upload of many
 * small files several times slower than the bytes alone. Larger pieces pass through as they are.
 */
async function* coalesce(pieces: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  let held: Uint8Array[] = []
  let size = 0
  const take = (): Uint8Array => {
    const out = held.length === 1 && held[0] !== undefined ? held[0] : Buffer.concat(held, size)
    held = []
    size = 0
    return out
  }
  for await (const piece of pieces) {
    if (piece.length >= JOIN_BELOW) {
      if (size > 0) yield take()
      yield piece
      continue
    }
    held.push(piece)
    size += piece.length
    if (size >= JOIN_BELOW) yield take()
  }
  if (size > 0) yield take()
}

/** Request headers (type, and length when known) and a body factory for a multipart form. */
export function formRequest(parts: () => Iterable<Part>): {
  headers: Record<string, string>
  body: () => AsyncIterable<Uint8Array>
} {
  const mp = multipart(parts)
  return {
    headers: {
      'content-type': mp.contentType,
      ...(mp.length !== undefined ? { 'content-length': String(mp.length) } : {}),
    },
    body: mp.body,
  }
}

/**
 * The request parts for sending a CAR file as the one `file` part of a multipart body, as the
 * IPFS RPC and REST APIs that import a CAR take it: headers with the exact Content-Length,
 * and a body read from disk in 1 MiB pieces, afresh for each attempt.
 */
export function carFilePart(car: {
  readonly path: string
  readonly size: number
  readonly root: { toString(): string }
}): {
  headers: Record<string, string>
  body: () => AsyncIterable<Uint8Array>
} {
  return formRequest(() => [
    {
      name: 'file',
      filename: `${car.root.toString()}.car`,
      contentType: 'application/vnd.ipld.car',
      size: car.size,
      content: () => createReadStream(car.path, { highWaterMark: 1 << 20 }),
    },
  ])
}
