/**
 * Collects the entries to publish under `path`: a deterministic, sorted list of files,
 * directories (empty ones too, as `ipfs add -r` keeps them) and symlinks (kept as UnixFS
 * symlinks, never followed).
 *
 * Dotfile policy: `.well-known/` and other dotfiles are published by default; `.git` and `.env*`
 * never are unless an `include` pattern names them explicitly (a pattern that matches them
 * without glob's `dot` option, like `.env.public` or `config/.git/**`). Everything skipped that
 * way is reported, so the summary can list it.
 */
import { readlinkSync, realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import { Glob, type Path } from 'glob'
import { Minimatch } from 'minimatch'
import { ContentError, InputError, quote } from '../errors.js'
import type { HiddenFilesPolicy } from '../config/config.js'

export type EntryKind = 'file' | 'dir' | 'symlink'

export interface Entry {
  /** Path relative to the root, `/`-separated. */
  readonly rel: string
  readonly abs: string
  readonly kind: EntryKind
  /** Symlink target as stored in the link. */
  readonly target?: string
}

export type SkipReason = 'sensitive' | 'hidden' | 'excluded'

export interface Skipped {
  readonly rel: string
  readonly reason: SkipReason
  /** A directory skipped with everything under it. */
  readonly dir: boolean
}

export interface Collection {
  /** Real absolute path of `path`. */
  readonly root: string
  /** Name used when the content is wrapped in a directory (the basename of `path`). */
  readonly name: string
  readonly kind: 'file' | 'dir'
  /** Sorted by `rel`. For a file root: one entry whose `rel` is the file's name. */
  readonly entries: readonly Entry[]
  readonly skipped: readonly Skipped[]
  readonly fileCount: number
}

export interface CollectOptions {
  readonly path: string
  readonly include: readonly string[]
  readonly exclude: readonly string[]
  readonly hiddenFiles: HiddenFilesPolicy
}

const isSensitive = (segment: string): boolean => segment === '.git' || segment.startsWith('.env')
const isHidden = (segment: string): boolean => segment.startsWith('.')

/** Byte-order comparison of UTF-8 strings, the order dag-pb links use; deterministic across locales. */
export const compareNames = (a: string, b: string): number =>
  Buffer.compare(Buffer.from(a), Buffer.from(b))

export async function collect(opts: CollectOptions): Promise<Collection> {
  let root: string
  try {
    root = realpathSync(opts.path)
  } catch (err) {
    throw new InputError('path', `Input "path" is ${quote(opts.path)}, which does not exist.`, {
      cause: err,
    })
  }
  const name = path.basename(root) || 'root'
  const st = statSync(root)
  if (st.isFile()) {
    if (opts.include.length > 0 || opts.exclude.length > 0) {
      throw new InputError(
        opts.include.length > 0 ? 'include' : 'exclude',
        `Input "path" is a file, so "include" and "exclude" have nothing to select from. Remove them, or point "path" at a directory.`,
      )
    }
    return {
      root,
      name,
      kind: 'file',
      entries: [{ rel: name, abs: root, kind: 'file' }],
      skipped: [],
      fileCount: 1,
    }
  }

  const mm = (p: string, dot: boolean): Minimatch =>
    new Minimatch(p, { dot, nocomment: true, nonegate: true })
  const includeLoose = opts.include.map((p) => mm(p, true))
  const includeStrict = opts.include.map((p) => mm(p, false))
  const excludes = opts.exclude.map((p) => mm(p, true))
  const includeHits = new Array<number>(opts.include.length).fill(0)

  /** Does an include pattern name this path explicitly (matching it without `dot`)? */
  const explicitlyIncluded = (rel: string, dir: boolean): boolean =>
    includeStrict.some((m) => m.match(rel) || (dir && m.match(rel, true)))

  const entries: Entry[] = []
  const skipped: Skipped[] = []
  const prunedDirs = new Set<string>()

  /** Decides whether to skip `rel` for a policy reason, recording why. */
  const policySkip = (rel: string, dir: boolean): boolean => {
    const base = rel.slice(rel.lastIndexOf('/') + 1)
    let reason: SkipReason | undefined
    if (isSensitive(base) && !explicitlyIncluded(rel, dir)) reason = 'sensitive'
    else if (opts.hiddenFiles === 'exclude' && isHidden(base) && !explicitlyIncluded(rel, dir))
      reason = 'hidden'
    else if (excludes.some((m) => m.match(rel) || (dir && m.match(`${rel}/`)))) reason = 'excluded'
    if (reason === undefined) return false
    skipped.push({ rel, reason, dir })
    return true
  }

  const ignore = {
    ignored: (p: Path): boolean => {
      const rel = p.relativePosix()
      if (rel === '') return true // the root itself
      if (p.isDirectory()) return prunedDirs.has(rel)
      return policySkip(rel, false)
    },
    childrenIgnored: (p: Path): boolean => {
      const rel = p.relativePosix()
      if (rel === '') return false
      if (policySkip(rel, true)) {
        prunedDirs.add(rel)
        return true
      }
      return false
    },
  }

  const glob = new Glob('**', { cwd: root, dot: true, withFileTypes: true, follow: false, ignore })
  for await (const p of glob) {
    const rel = p.relativePosix()
    const abs = p.fullpath()
    let kind: EntryKind
    if (p.isDirectory()) kind = 'dir'
    else if (p.isFile()) kind = 'file'
    else if (p.isSymbolicLink()) kind = 'symlink'
    else if (p.isUnknown()) {
      // Some file systems do not report types in readdir; ask.
      const s = p.lstatSync()
      kind = s?.isDirectory()
        ? 'dir'
        : s?.isSymbolicLink()
          ? 'symlink'
          : s?.isFile()
            ? 'file'
            : 'file'
    } else {
      throw new ContentError(
        `${quote(rel)} under "path" is a socket, FIFO or device; only files, directories and symlinks can be published.`,
        rel,
      )
    }

    if (opts.include.length > 0) {
      // With include patterns, files and links are kept when a pattern matches them; directories
      // only when a pattern matches the directory itself (to keep an empty one); the others
      // appear as parents of what they hold.
      let hit = false
      includeLoose.forEach((m, i) => {
        const strictOk =
          !isHidden(rel.slice(rel.lastIndexOf('/') + 1)) || opts.hiddenFiles === 'include'
        if ((strictOk && m.match(rel)) || includeStrict[i]?.match(rel)) {
          hit = true
          includeHits[i] = (includeHits[i] ?? 0) + 1
        }
      })
      if (!hit) continue
    }

    let target: string | undefined
    if (kind === 'symlink') {
      target = readlinkSync(abs)
      const resolved = path.resolve(path.dirname(abs), target)
      const inside = path.relative(root, resolved)
      if (path.isAbsolute(target) || inside.startsWith('..') || path.isAbsolute(inside)) {
        throw new ContentError(
          `The symlink ${quote(rel)} points to ${quote(target)}, outside "path". Links that leave the published directory (or use absolute targets) are refused: they would publish a path of this machine. Replace the link with a copy, or exclude it.`,
          rel,
        )
      }
    }
    entries.push({ rel, abs, kind, ...(target !== undefined ? { target } : {}) })
  }

  // Parent directories of kept entries that a pattern did not list themselves.
  if (opts.include.length > 0) {
    const have = new Set(entries.map((e) => e.rel))
    for (const e of [...entries]) {
      let rel = e.rel
      for (let cut = rel.lastIndexOf('/'); cut > 0; cut = rel.lastIndexOf('/')) {
        rel = rel.slice(0, cut)
        if (have.has(rel)) break
        have.add(rel)
        entries.push({ rel, abs: path.join(root, rel), kind: 'dir' })
      }
    }
    const unmatched = opts.include.findIndex((_, i) => includeHits[i] === 0)
    if (unmatched >= 0) {
      throw new InputError(
        'include',
        `Input "include" has the pattern ${quote(opts.include[unmatched] ?? '')}, which matches nothing under "path" (after "exclude" and the hidden-files policy). Check the pattern; patterns are relative to "path".`,
      )
    }
  }

  entries.sort((a, b) => compareNames(a.rel, b.rel))
  skipped.sort((a, b) => compareNames(a.rel, b.rel))
  const fileCount = entries.filter((e) => e.kind === 'file').length
  if (entries.length === 0) {
    const why =
      skipped.length > 0
        ? ` (everything in it was skipped: ${skipped
            .slice(0, 3)
            .map((s) => s.rel)
            .join(', ')}${skipped.length > 3 ? ', …' : ''})`
        : ''
    throw new InputError(
      'path',
      `Input "path" is ${quote(opts.path)}, an empty directory${why}. Nothing to publish: check that the build wrote its output there.`,
    )
  }
  return { root, name, kind: 'dir', entries, skipped, fileCount }
}
