import { symlinkSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { HiddenFilesPolicy } from '../src/content/collect.js'
import { collect, type Collection } from '../src/content/collect.js'
import { ContentError, InputError } from '../src/errors.js'
import { scratch, writeTree, type TreeSpec } from './support/fs-tree.js'

const tmp = scratch('collect')
afterAll(tmp.remove)
const tree = (spec: TreeSpec): string => writeTree(tmp.next(), spec)

const run = (
  root: string,
  o: { include?: string[]; exclude?: string[]; hidden?: HiddenFilesPolicy } = {},
): Promise<Collection> =>
  collect({
    path: root,
    include: o.include ?? [],
    exclude: o.exclude ?? [],
    hiddenFiles: o.hidden ?? 'include',
  })

const rels = (c: Collection): string[] =>
  c.entries.map((e) => `${e.rel}${e.kind === 'dir' ? '/' : e.kind === 'symlink' ? '@' : ''}`)
const skips = (c: Collection): string[] =>
  c.skipped.map((s) => `${s.rel}${s.dir ? '/' : ''}:${s.reason}`)

const SITE = {
  'index.html': '<h1>',
  '.well-known/security.txt': 'x',
  '.gitignore': 'node_modules',
  '.git/config': '[core]',
  '.git/objects/ab/cdef': 'blob',
  '.env': 'SECRET=1',
  '.env.production': 'SECRET=2',
  'app/.env.local': 'SECRET=3',
  'app/main.js': 'js',
  'app/main.js.map': 'map',
  'drafts/a.md': 'a',
  'drafts/deep/b.md': 'b',
  empty: null,
}

describe('dotfile policy', () => {
  it('publishes .well-known and other dotfiles, never .git/ or .env*, and says what it skipped', async () => {
    const c = await run(tree(SITE))
    expect(rels(c)).toEqual([
      '.gitignore',
      '.well-known/',
      '.well-known/security.txt',
      'app/',
      'app/main.js',
      'app/main.js.map',
      'drafts/',
      'drafts/a.md',
      'drafts/deep/',
      'drafts/deep/b.md',
      'empty/',
      'index.html',
    ])
    expect(skips(c)).toEqual([
      '.env:sensitive',
      '.env.production:sensitive',
      '.git/:sensitive',
      'app/.env.local:sensitive',
    ])
    expect(c.fileCount).toBe(7)
  })

  it('hidden-files exclude skips every dotfile, as ipfs add does without -H', async () => {
    const c = await run(tree(SITE), { hidden: 'exclude' })
    expect(rels(c)).not.toContain('.well-known/security.txt')
    expect(rels(c)).not.toContain('.gitignore')
    expect(skips(c)).toEqual(
      expect.arrayContaining(['.well-known/:hidden', '.gitignore:hidden', '.git/:sensitive']),
    )
  })

  it('an include pattern that names a dotfile explicitly publishes it, whatever the policy', async () => {
    const c = await run(tree(SITE), { hidden: 'exclude', include: ['.well-known/**', '*.html'] })
    expect(rels(c)).toEqual(['.well-known/', '.well-known/security.txt', 'index.html'])
    const env = await run(tree(SITE), { include: ['**/*', '.env.production'] })
    expect(rels(env)).toContain('.env.production')
    expect(rels(env)).not.toContain('.env')
    expect(rels(env)).not.toContain('app/.env.local')
  })

  it.each([['**'], ['.*', '**'], ['.*/**', '*'], ['**/*', '.w*']])(
    'wildcards do not count as naming .git or .env: %s',
    async (...include) => {
      const c = await run(tree(SITE), { include })
      expect(rels(c).filter((r) => /(^|\/)(\.git(\/|$)|\.env)/.test(r))).toEqual([])
    },
  )

  it.each([['.e*'], ['**/.env*'], ['.git*/**']])(
    'a wildcard that only reaches .git or .env* matches nothing: %s',
    async (pattern) => {
      await expect(run(tree(SITE), { include: [pattern, '*.html'] })).rejects.toThrow(
        /matches nothing publishable.*spells their name out/,
      )
    },
  )

  it('spelling .git out publishes it', async () => {
    const c = await run(tree(SITE), { include: ['.git/**'] })
    expect(rels(c)).toEqual([
      '.git/',
      '.git/config',
      '.git/objects/',
      '.git/objects/ab/',
      '.git/objects/ab/cdef',
    ])
  })
})

describe('include and exclude', () => {
  it('exclude drops matching files and whole directories, listing a directory once', async () => {
    const c = await run(tree(SITE), { exclude: ['**/*.map', 'drafts'] })
    expect(rels(c)).not.toContain('app/main.js.map')
    expect(rels(c).filter((r) => r.startsWith('drafts'))).toEqual([])
    expect(skips(c)).toEqual(
      expect.arrayContaining(['app/main.js.map:excluded', 'drafts/:excluded']),
    )
    expect(skips(c).filter((s) => s.startsWith('drafts'))).toHaveLength(1)
  })

  it('include keeps matching files and their parent directories, and drops unmatched empty ones', async () => {
    const c = await run(tree(SITE), { include: ['**/*.md'] })
    expect(rels(c)).toEqual(['drafts/', 'drafts/a.md', 'drafts/deep/', 'drafts/deep/b.md'])
  })

  it('an include pattern naming a directory takes everything under it', async () => {
    const c = await run(tree(SITE), { include: ['drafts'] })
    expect(rels(c)).toEqual(['drafts/', 'drafts/a.md', 'drafts/deep/', 'drafts/deep/b.md'])
  })

  it('an exclude pattern that matches nothing is an input error naming it', async () => {
    const err = await run(tree(SITE), { exclude: ['**/*.mpa'] }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).input).toBe('exclude')
    expect((err as Error).message).toContain('"**/*.mpa"')
  })

  it('an exclude pattern counts as used when it matches something skipped anyway', async () => {
    const c = await run(tree(SITE), { exclude: ['.env', '**/*.map'] })
    expect(skips(c)).toContain('.env:sensitive')
  })

  it('an include pattern that matches nothing is an input error naming it', async () => {
    const err = await run(tree(SITE), { include: ['**/*.html', '**/*.hmtl'] }).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).input).toBe('include')
    expect((err as Error).message).toContain('"**/*.hmtl"')
  })

  it('keeps empty directories, like ipfs add -r', async () => {
    const c = await run(tree({ 'a/b/c': null, x: 'x' }))
    expect(rels(c)).toEqual(['a/', 'a/b/', 'a/b/c/', 'x'])
  })

  it('orders entries by UTF-8 bytes, whatever the locale', async () => {
    const c = await run(tree({ b: '', B: '', é: '', z: '', 'a-b': '', 'a.b': '', 'a/b': '' }))
    expect(rels(c)).toEqual(['B', 'a/', 'a-b', 'a.b', 'a/b', 'b', 'z', 'é'])
  })
})

describe('refusals', () => {
  it('refuses a symlink that leaves path, naming it', async () => {
    const err = await run(tree({ ok: 'x', bad: { link: '../../etc/passwd' } })).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(ContentError)
    expect((err as Error).message).toContain('"bad"')
    expect((err as Error).message).toContain('"../../etc/passwd"')
  })

  it('follows a chain of links to where it really goes', async () => {
    await expect(
      run(tree({ 'a/b/up': { link: '../..' }, 'a/b/x': { link: 'up/../..' }, f: 'x' })),
    ).rejects.toThrow(/"a\/b\/x"/)
  })

  it('accepts a link to a name that merely starts with two dots', async () => {
    const c = await run(tree({ '..data': 'x', link: { link: '..data' } }))
    expect(rels(c)).toEqual(['..data', 'link@'])
  })

  it('refuses absolute symlink targets', async () => {
    const root = tree({ ok: 'x' })
    symlinkSync(path.join(root, 'ok'), path.join(root, 'abs'))
    await expect(run(root)).rejects.toThrow(/"abs".*absolute/)
  })

  it('keeps symlinks inside path as symlinks, not following them', async () => {
    const c = await run(
      tree({ 'real/f': 'x', alias: { link: 'real' }, 'sub/up': { link: '../real/f' } }),
    )
    expect(rels(c)).toEqual(['alias@', 'real/', 'real/f', 'sub/', 'sub/up@'])
    expect(c.entries.find((e) => e.rel === 'alias')?.target).toBe('real')
  })

  it('follows a symlinked path itself', async () => {
    const root = tree({ f: 'x' })
    const link = tmp.next('link')
    symlinkSync(root, link)
    const c = await run(link)
    expect(c.root).toBe(root)
    expect(rels(c)).toEqual(['f'])
  })

  it('an empty directory is an input error', async () => {
    await expect(run(tree({ x: null }).concat('/x'))).rejects.toThrow(
      /Input "path".*empty directory/,
    )
  })

  it('a directory with only skipped content says what was skipped', async () => {
    await expect(run(tree({ '.git/HEAD': 'ref', '.env': 'x' }))).rejects.toThrow(
      /empty directory.*\.env/,
    )
  })

  it('include on a file path is an input error', async () => {
    const root = tree({ f: 'x' })
    await expect(run(path.join(root, 'f'), { include: ['*'] })).rejects.toThrow(/"include"/)
  })

  it('refuses sockets and other special files', async () => {
    const root = tree({ f: 'x' })
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(path.join(root, 'sock'), resolve))
    try {
      await expect(run(root)).rejects.toThrow(/"sock".*socket/)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

describe('a single file', () => {
  it('is one entry named after the file', async () => {
    const root = tree({ 'report.pdf': '%PDF' })
    const c = await run(path.join(root, 'report.pdf'))
    expect(c).toMatchObject({ kind: 'file', name: 'report.pdf', fileCount: 1 })
    expect(rels(c)).toEqual(['report.pdf'])
  })
})
