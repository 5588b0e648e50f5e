/** Kept in step with package.json by a test. */
export const VERSION = '0.1.0'

/** package.json's `engines.node` floor: the oldest Node.js tested (kept in step by a test). */
export const NODE_FLOOR = '22.13.0'

/** The oldest Node.js the bundled HTTP client (undici 7) supports: every network call uses it. */
const HTTP_FLOOR = '20.18.1'

const parts = (v: string): number[] =>
  v
    .replace(/^v/, '')
    .split('.')
    .map((x) => Number.parseInt(x, 10) || 0)

/** `a < b` for `x.y.z` versions. */
export function olderThan(a: string, b: string): boolean {
  const [x, y] = [parts(a), parts(b)]
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0)
  return false
}

/**
 * The one line the CLI prints at start on a Node.js older than the floor (npx and a plain
 * `node` run it on whatever is installed, without checking `engines`): the floor, and what may
 * break. Undefined on the floor or later.
 */
export function nodeWarning(version: string): string | undefined {
  if (!olderThan(version, NODE_FLOOR)) return undefined
  const v = version.replace(/^v/, '')
  const what = olderThan(v, HTTP_FLOOR)
    ? `its HTTP client needs ${HTTP_FLOOR} or later, so uploads, pins, names and GitHub feedback will fail; computing the CID offline may still work`
    : 'it is untested there: if anything fails, try a newer Node.js before anything else'
  return `warning: Node.js ${v} is older than ${NODE_FLOOR}, the oldest ipfs-pin supports; ${what}.`
}
