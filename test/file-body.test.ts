/** An upload part's body read from disk: whole when small, streamed when large, checked in size. */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fileBody } from '../src/content/file-body.js'
import { ContentError } from '../src/errors.js'
import { scratch } from './support/fs-tree.js'

const tmp = scratch('file-body')
afterAll(tmp.remove)

async function read(body: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<Buffer[]> {
  const out: Buffer[] = []
  const chunks = (async function* (): AsyncGenerator<Uint8Array> {
    yield* body
  })()
  for await (const c of chunks) out.push(Buffer.from(c))
  return out
}

describe('fileBody', () => {
  const file = (bytes: Uint8Array): string => {
    const p = path.join(tmp.root, `f${Math.random().toString(36).slice(2)}`)
    writeFileSync(p, bytes)
    return p
  }

  it('reads a small file in one piece, when iterated (not before)', async () => {
    const p = file(new Uint8Array([1, 2, 3]))
    const body = fileBody(p, 3)
    writeFileSync(p, new Uint8Array([4, 5, 6]))
    const chunks = await read(body)
    expect(chunks).toHaveLength(1)
    expect([...(chunks[0] ?? [])]).toEqual([4, 5, 6])
  })

  it('streams a large file in 1 MiB pieces', async () => {
    const bytes = new Uint8Array(3 * 1024 * 1024 + 5).map((_, i) => i & 0xff)
    const chunks = await read(fileBody(file(bytes), bytes.length))
    expect(chunks.length).toBe(4)
    expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true)
  })

  it.each([
    ['small, grown', 10, 5],
    ['small, shrunk', 5, 10],
    ['large, grown', 2 * 1024 * 1024 + 1, 2 * 1024 * 1024],
    ['large, shrunk', 2 * 1024 * 1024, 2 * 1024 * 1024 + 1],
  ])('fails when the file changed size since it was measured (%s)', async (_, actual, measured) => {
    const p = file(new Uint8Array(actual))
    const err = await read(fileBody(p, measured)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ContentError)
    expect((err as Error).message).toMatch(/changed size while it was being uploaded/)
  })
})
