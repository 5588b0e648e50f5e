/**
 * Content as files, for the providers that build the DAG themselves from a multipart upload
 * (Pinata, AIOZ): what such an upload cannot carry, the file list with sizes, and the `file`
 * parts, one per file, each named by its path under one common root folder.
 */
import { statSync } from 'node:fs'
import type { Collection } from '../content/collect.js'
import { fileBody } from '../content/file-body.js'
import type { ImportParams } from '../content/profiles.js'
import { ContentError } from '../errors.js'
import type { Part } from '../http/multipart.js'
import type { FileUpload } from './types.js'

/**
 * Why `collection` cannot be uploaded as files, or undefined. Multipart `file` parts carry
 * files only: an empty directory or a symlink would vanish on the service's side and its CID
 * would differ from the local one, so the run stops before any upload instead.
 */
export function notUploadableAsFiles(
  collection: Collection,
  provider: string,
): ContentError | undefined {
  const parents = new Set<string>()
  for (const e of collection.entries) {
    const i = e.rel.lastIndexOf('/')
    parents.add(i < 0 ? '' : e.rel.slice(0, i))
  }
  const emptyDirs = collection.entries.filter((e) => e.kind === 'dir' && !parents.has(e.rel))
  const links = collection.entries.filter((e) => e.kind === 'symlink')
  // Multipart file names cannot carry these bytes as they are (they would arrive escaped).
  const unsendable = collection.entries.filter((e) => /["\r\n\\]/.test(e.rel))
  const list = (xs: readonly { rel: string }[]): string =>
    xs
      .slice(0, 5)
      .map((x) => x.rel)
      .join(', ') + (xs.length > 5 ? ` and ${xs.length - 5} more` : '')
  const why =
    collection.fileCount === 0
      ? 'there is no file to upload'
      : emptyDirs.length > 0
        ? `empty directories cannot be sent as files: ${list(emptyDirs)}`
        : links.length > 0
          ? `symlinks cannot be sent as files: ${list(links)}`
          : unsendable.length > 0
            ? `names with a quote, backslash or line break cannot be sent as multipart file names: ${list(unsendable)}`
            : undefined
  if (why === undefined) return undefined
  return new ContentError(
    `Provider "${provider}" takes the content as uploaded files and builds the DAG itself; ${why}. ` +
      `Its CID would not be the one computed here. Remove them with "exclude", or use a provider that takes the CAR (cluster, kubo).`,
    (emptyDirs[0] ?? links[0] ?? unsendable[0])?.rel,
  )
}

/** The collection's files with their sizes (one stat each, before any byte is sent). */
export async function fileUpload(
  collection: Collection,
  params: ImportParams,
  wrapWithDirectory: boolean,
): Promise<FileUpload> {
  const files = []
  for (const e of collection.entries) {
    if (e.kind !== 'file') continue
    // One synchronous stat each (a promise round trip per file was most of the time for many
    // small files), letting timers run now and then.
    if (files.length % 1000 === 999) await new Promise((resolve) => setImmediate(resolve))
    files.push({ rel: e.rel, abs: e.abs, size: statSync(e.abs).size })
  }
  return { name: collection.name, kind: collection.kind, files, wrapWithDirectory, params }
}

/**
 * One `file` part per file. A directory's parts are named `<name>/<rel>`: the service takes the
 * first segment as the root folder (its own name does not change the CID; its children's do).
 * With `wrapFolder`, one more folder level is put on top, which wraps the content as
 * `ipfs add -w` does. A file alone is one part named `<name>`.
 */
export function fileParts(upload: FileUpload, wrapFolder: boolean): Part[] {
  const prefix = (wrapFolder ? 'root/' : '') + (upload.kind === 'dir' ? `${upload.name}/` : '')
  return upload.files.map((f) => ({
    name: 'file',
    filename: upload.kind === 'dir' ? `${prefix}${f.rel}` : `${prefix}${upload.name}`,
    size: f.size,
    content: () => fileBody(f.abs, f.size),
  }))
}
