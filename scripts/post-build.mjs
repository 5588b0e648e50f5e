// After ncc: give the CLI a shebang and make it executable, and write each bundle's
// licenses.txt from the webpack stats of its build. ncc's own `--license` writes one file per
// chunk under the same name, so with lazy chunks (IPNS, ENS) only the last chunk's licenses
// survived; here every package any chunk holds is listed, in ncc's format (name, license, text).
// ncc writes into the output directory without emptying it, so a lazy chunk a build no longer
// emits (its number changes with its contents) would stay in dist/ and be committed: each
// bundle's `<n>.index.js` files that its stats do not list are removed.
import { chmodSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const root = new URL('..', import.meta.url).pathname
const cli = path.join(root, 'dist/cli/index.js')
const src = readFileSync(cli, 'utf8')
if (!src.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${src}`)
chmodSync(cli, 0o755)

/** The directories of the packages whose modules a build's stats list. */
function packagesOf(stats) {
  const dirs = new Map()
  const visit = (mods) => {
    for (const m of mods ?? []) {
      const id = m.nameForCondition ?? m.identifier ?? ''
      const at = id.lastIndexOf('node_modules/')
      if (at >= 0) {
        const rest = id.slice(at + 'node_modules/'.length).split('/')
        const name = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]
        if (name) dirs.set(path.join(id.slice(0, at), 'node_modules', name), name)
      }
      visit(m.modules)
    }
  }
  visit(stats.modules)
  for (const c of stats.children ?? []) visit(c.modules)
  return dirs
}

/** Removes the numbered chunks in `dir` that this build did not emit. */
function removeStaleChunks(stats, dir) {
  const emitted = new Set((stats.assets ?? []).map((a) => a.name))
  for (const f of readdirSync(dir))
    if (/^\d+\.index\.js$/.test(f) && !emitted.has(f)) rmSync(path.join(dir, f))
}

function licenses(stats, out) {
  const byName = new Map()
  for (const [dir, name] of packagesOf(stats)) {
    if (byName.has(name) || !existsSync(path.join(dir, 'package.json'))) continue
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))
    const license = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? '')
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f))
    const text = file === undefined ? '' : readFileSync(path.join(dir, file), 'utf8').trim()
    byName.set(name, `${name}\n${license}\n${text}`)
  }
  const body = [...byName.keys()]
    .sort()
    .map((n) => byName.get(n))
    .join('\n\n')
  writeFileSync(out, `${body}\n`)
}

for (const [name, dir] of [
  ['action', 'dist'],
  ['cli', 'dist/cli'],
]) {
  const statsFile = path.join(root, `node_modules/.ncc-stats-${name}.json`)
  const stats = JSON.parse(readFileSync(statsFile, 'utf8'))
  removeStaleChunks(stats, path.join(root, dir))
  licenses(stats, path.join(root, dir, 'licenses.txt'))
  rmSync(statsFile)
}
