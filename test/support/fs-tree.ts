/** Writing test trees to disk, shared by the tests that need real files. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { writeCar, type CarResult } from '../../src/content/car.js'
import { collect } from '../../src/content/collect.js'
import { buildDag } from '../../src/content/dag.js'
import { PROFILES, type ProfileName } from '../../src/content/profiles.js'
import { fileUpload } from '../../src/providers/files.js'
import type { FileUpload } from '../../src/providers/types.js'
import type { RefEntry } from './reference-unixfs.js'

/** Relative path → file content, `null` for an empty directory, `{ link }` for a symlink. */
export type TreeSpec = Record<string, string | Uint8Array | null | { link: string }>

/** The same tree as the reference implementation's entries. */
export function specOf(entries: readonly RefEntry[]): TreeSpec {
  const spec: TreeSpec = {}
  for (const e of entries)
    spec[e.path] = e.type === 'file' ? e.content : e.type === 'dir' ? null : { link: e.target }
  return spec
}

/** Writes `spec` under `root` (created, parents implied) and returns `root`. */
export function writeTree(root: string, spec: TreeSpec): string {
  mkdirSync(root, { recursive: true })
  for (const [rel, v] of Object.entries(spec)) {
    const abs = path.join(root, rel)
    mkdirSync(path.dirname(abs), { recursive: true })
    if (v === null) mkdirSync(abs, { recursive: true })
    else if (typeof v === 'string' || v instanceof Uint8Array) writeFileSync(abs, v)
    else symlinkSync(v.link, abs)
  }
  return root
}

/** A temporary directory handing out fresh subdirectory names; `remove()` deletes it all. */
export function scratch(prefix: string): {
  next: (name?: string) => string
  remove: () => void
  root: string
} {
  const root = mkdtempSync(path.join(tmpdir(), `${prefix}-`))
  let n = 0
  return {
    root,
    next: (name = 't') => path.join(root, `${name}${n++}`),
    remove: () => rmSync(root, { recursive: true, force: true }),
  }
}

/** The CAR (default profile) of a file or directory, written into `dir`: what providers upload. */
export async function carOf(source: string, dir: string): Promise<CarResult> {
  const c = await collect({ path: source, include: [], exclude: [], hiddenFiles: 'include' })
  return writeCar(c, PROFILES['unixfs-v1-2025'], { dir })
}

/**
 * A file or directory as a multipart upload (what Pinata and AIOZ receive), with the CID the
 * product computes for it locally under `profile`.
 */
export async function uploadOf(
  source: string,
  profile: ProfileName,
  wrapWithDirectory = false,
): Promise<{ upload: FileUpload; local: string }> {
  const c = await collect({ path: source, include: [], exclude: [], hiddenFiles: 'include' })
  const dag = await buildDag(c, PROFILES[profile], { wrapWithDirectory })
  const upload = await fileUpload(c, PROFILES[profile], wrapWithDirectory)
  return { upload, local: dag.root.toString() }
}
