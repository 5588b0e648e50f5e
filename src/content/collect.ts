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
import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync, type Dirent } from 'node:fs'
import path from 'node:path'
import { hasMagic } from 'glob'
import { Minimatch } from 'minimatch'
import { ContentError, InputError, quote } from '../errors.js'
import { holdYoungGeneration } from './heap.js'

export type EntryKind = 'file' | 'dir' | 'symlink'

/** What to do with dotfiles and dot-directories (`.git` and `.env*` aside). */
export type HiddenFilesPolicy = 'include' | 'exclude'

export interface Entry {
  /** Path relative to the root, `/`-separated. */
  readonly rel: string
  readonly abs: string
  readonly kind: EntryKind
  /** Symlink target as stored in the link. */
  readonly target?: string
}

/**
 * An entry found by the walk. Its absolute path is derived when asked for: stored, it was a
 * third of the collection's memory for 200,000 files.
 */
class Found implements Entry {
  constructor(
    readonly rel: string,
    readonly kind: EntryKind,
    private readonly root: string,
  ) {}

  get abs(): string {
    return `${this.root}${path.sep}${path.sep === '/' ? this.rel : this.rel.replaceAll('/', path.sep)}`
  }
}

class FoundLink extends Found {
  constructor(
    rel: string,
    root: string,
    readonly target: string,
  ) {
    super(rel, 'symlink', root)
  }
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

/**
 * Byte-order comparison of UTF-8 strings, the order dag-pb links use; deterministic across
 * locales. UTF-8 byte order is code point order, which UTF-16 code units follow except where a
 * surrogate (half of a code point over U+FFFF) meets a unit of U+E000–U+FFFF: there, and for
 * lone surrogates, the strings are compared as bytes. No string is encoded otherwise, which
 * matters when sorting hundreds of thousands of paths.
 */
export function compareNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    if ((x >= 0xd800 && x <= 0xdfff) || (y >= 0xd800 && y <= 0xdfff))
      return Buffer.compare(Buffer.from(a), Buffer.from(b))
    return x < y ? -1 : 1
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1
}

const outside = (rel: string): boolean =>
  rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)

/**
 * Refuses a symlink whose target leaves the root: by its real path when it resolves (a chain of
 * links is followed to its end), by its text when it dangles; absolute targets always.
 */
function checkLink(root: string, rel: string, abs: string, target: string): void {
  let resolved: string
  try {
    resolved = realpathSync.native(abs)
  } catch {
    resolved = path.resolve(path.dirname(abs), target)
  }
  if (path.isAbsolute(target) || outside(path.relative(root, resolved))) {
    throw new ContentError(
      `The symlink ${quote(rel)} points to ${quote(target)}, outside "path". Links that leave the published directory (or use absolute targets) are refused: they would publish a path of this machine. Replace the link with a copy, or exclude it.`,
      rel,
    )
  }
}

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
  /** A pattern also selects everything under a directory it matches (`assets` = `assets/**`). */
  const includes = opts.include.map((p) => ({
    loose: [mm(p, true), mm(`${p}/**`, true)],
    strict: [mm(p, false), mm(`${p}/**`, false)],
    /** Path segments the pattern spells out with no glob characters. */
    literals: new Set(p.split('/').filter((seg) => !hasMagic(seg))),
    hits: 0,
  }))
  const excludes = opts.exclude.map((p) => ({ m: mm(p, true), sub: mm(`${p}/**`, true), hits: 0 }))

  /** Matches without glob's `dot` option: the pattern spells out the dot segments it matches. */
  const strictMatch = (inc: (typeof includes)[number], rel: string, dir: boolean): boolean =>
    inc.strict.some((m) => m.match(rel)) || (dir && inc.strict[0]?.match(rel, true) === true)

  /** `.git` / `.env*` are published only when a pattern names them literally (`.env.public`, `.git/**`). */
  const namesSensitive = (rel: string, base: string, dir: boolean): boolean =>
    includes.some((inc) => inc.literals.has(base) && strictMatch(inc, rel, dir))
  /** With hidden-files: exclude, a dotfile is published when a pattern matches it without `dot`. */
  const namesHidden = (rel: string, dir: boolean): boolean =>
    includes.some((inc) => strictMatch(inc, rel, dir))

  const entries: Entry[] = []
  const skipped: Skipped[] = []

  /** Decides whether to skip `rel` for a policy reason, recording why. */
  const policySkip = (rel: string, dir: boolean): boolean => {
    const base = rel.slice(rel.lastIndexOf('/') + 1)
    let excluded = false
    for (const ex of excludes) {
      if (ex.m.match(rel) || ex.sub.match(rel)) {
        ex.hits++
        excluded = true
      }
    }
    let reason: SkipReason | undefined
    if (isSensitive(base) && !namesSensitive(rel, base, dir)) reason = 'sensitive'
    else if (opts.hiddenFiles === 'exclude' && isHidden(base) && !namesHidden(rel, dir))
      reason = 'hidden'
    else if (excluded) reason = 'excluded'
    if (reason === undefined) return false
    skipped.push({ rel, reason, dir })
    return true
  }

  const special = (rel: string): ContentError =>
    new ContentError(
      `${quote(rel)} under "path" is a socket, FIFO or device; only files, directories and symlinks can be published.`,
      rel,
    )

  const kindOf = (d: Dirent, abs: string): EntryKind | 'special' => {
    if (d.isDirectory()) return 'dir'
    if (d.isFile()) return 'file'
    if (d.isSymbolicLink()) return 'symlink'
    if (d.isSocket() || d.isFIFO() || d.isBlockDevice() || d.isCharacterDevice()) return 'special'
    // Some file systems do not report types in readdir; ask.
    const st = lstatSync(abs)
    if (st.isDirectory()) return 'dir'
    if (st.isFile()) return 'file'
    if (st.isSymbolicLink()) return 'symlink'
    return 'special'
  }

  const list = (dir: string, abs: string): Dirent[] => {
    try {
      return readdirSync(abs, { withFileTypes: true })
    } catch (err) {
      throw new ContentError(
        `Could not read the directory ${quote(dir === '' ? '.' : dir)} under "path": ${(err as Error).message}. Everything under "path" must be readable, or excluded.`,
        dir,
        { cause: err },
      )
    }
  }

  // Depth-first walk, symlinks never followed. A directory skipped by policy is not entered.
  const pending: string[] = ['']
  let listed = 0
  let seen = 0
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    // A walk of a large tree is synchronous work: let timers (progress, time limits) run now
    // and then.
    if (++listed % 256 === 0) await new Promise((resolve) => setImmediate(resolve))
    const dirAbs = dir === '' ? root : `${root}${path.sep}${dir.replaceAll('/', path.sep)}`
    for (const d of list(dir, dirAbs)) {
      if (++seen % 4096 === 0) holdYoungGeneration()
      // Plain concatenation, not path.join: its normalizing leaves each path as a tree of string
      // pieces, several hundred bytes each, which added up to 100 MB for 200,000 files.
      const rel = dir === '' ? d.name : `${dir}/${d.name}`
      const abs = `${dirAbs}${path.sep}${d.name}`
      const kind = kindOf(d, abs)
      if (policySkip(rel, kind === 'dir')) continue
      if (kind === 'special') throw special(rel)
      if (kind === 'dir') pending.push(rel)
      if (includes.length > 0) {
        // With include patterns, an entry is kept when a pattern matches it or a directory
        // above it. Parents of kept entries are added afterwards.
        const hiddenOk = opts.hiddenFiles === 'include' || !isHidden(d.name)
        let hit = false
        for (const inc of includes) {
          if ((hiddenOk && inc.loose.some((m) => m.match(rel))) || strictMatch(inc, rel, false)) {
            inc.hits++
            hit = true
          }
        }
        if (!hit) continue
      }

      if (kind === 'symlink') {
        const target = readlinkSync(abs)
        checkLink(root, rel, abs, target)
        entries.push(new FoundLink(rel, root, target))
      } else entries.push(new Found(rel, kind, root))
    }
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
    const unmatched = includes.findIndex((inc) => inc.hits === 0)
    if (unmatched >= 0) {
      throw new InputError(
        'include',
        `Input "include" has the pattern ${quote(opts.include[unmatched] ?? '')}, which matches nothing publishable under "path" (after "exclude", the hidden-files policy, and the rule that .git and .env* are published only when a pattern spells their name out). Check the pattern; patterns are relative to "path".`,
      )
    }
  }

  const unusedExclude = excludes.findIndex((ex) => ex.hits === 0)
  if (unusedExclude >= 0) {
    throw new InputError(
      'exclude',
      `Input "exclude" has the pattern ${quote(opts.exclude[unusedExclude] ?? '')}, which matches nothing under "path". Check it for a typo (patterns are relative to "path"), or remove it.`,
    )
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
