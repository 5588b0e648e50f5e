// Keeps package.json's `engines.node` true for the dependency tree (package-lock.json, every
// package npm installs, dev tools included: the README's `npm ci && npm test` must work on it).
//
//   node scripts/check-engines.mjs              checks; exits 1 saying what is wrong
//   node scripts/check-engines.mjs 24.11.0 …    also checks that these versions (the ones CI
//                                               tests) satisfy every package
//   node scripts/check-engines.mjs --floor      prints the floor (the lowest version engines allows)
//
// The floor must be exactly the lowest version every package accepts: a dependency that needs a
// newer Node fails this check, and so does a floor set higher than the tree needs.
import { readFileSync } from 'node:fs'
import semver from 'semver'

const root = new URL('..', import.meta.url)
const read = (f) => JSON.parse(readFileSync(new URL(f, root), 'utf8'))
const declared = read('package.json').engines?.node
if (typeof declared !== 'string' || semver.validRange(declared) === null) {
  console.error(`package.json engines.node is ${JSON.stringify(declared)}, not a semver range.`)
  process.exit(1)
}
const floor = semver.minVersion(declared)?.version
if (process.argv.includes('--floor')) {
  console.log(floor)
  process.exit(0)
}

/** [name@version, range] for every package in the lock that states a Node range. */
const ranges = []
for (const [path, entry] of Object.entries(read('package-lock.json').packages ?? {})) {
  const range = entry.engines?.node
  if (path === '' || typeof range !== 'string') continue
  const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)
  if (semver.validRange(range) === null) {
    console.warn(
      `warning: ${name}@${entry.version} has engines.node ${JSON.stringify(range)}, not a range; skipped.`,
    )
    continue
  }
  ranges.push([`${name}@${entry.version}`, range])
}

const refusing = (version) => ranges.filter(([, r]) => !semver.satisfies(version, r))

// The lowest version every range accepts is the lower bound of one of their comparator sets.
const candidates = ranges
  .flatMap(([, r]) =>
    new semver.Range(r).set.map((set) => semver.minVersion(set.map((c) => c.value).join(' '))),
  )
  .filter((v) => v !== null)
  .sort(semver.compare)
const needed = candidates.find((v) => refusing(v).length === 0)?.version

const problems = []
if (needed === undefined) problems.push('No Node version satisfies every package of the tree.')
else if (floor !== needed)
  problems.push(
    `engines.node is ${JSON.stringify(declared)} (floor ${floor}), but the tree needs ${needed} at least${
      semver.lt(floor, needed)
        ? `: ${refusing(floor)
            .map(([p, r]) => `${p} wants ${r}`)
            .join('; ')}`
        : `: the floor claims less than the tree allows; set it to ${needed} (CI tests the floor)`
    }.`,
  )
for (const v of process.argv.slice(2)) {
  const no = refusing(semver.clean(v) ?? v)
  if (no.length > 0)
    problems.push(
      `Node ${v} is tested but refused by ${no.map(([p, r]) => `${p} (${r})`).join(', ')}.`,
    )
}
if (problems.length > 0) {
  for (const p of problems) console.error(p)
  process.exit(1)
}
console.log(
  `engines.node ${declared}: ${ranges.length} packages of the tree accept Node ${floor}${
    process.argv.length > 2 ? ` and ${process.argv.slice(2).join(', ')}` : ''
  }.`,
)
