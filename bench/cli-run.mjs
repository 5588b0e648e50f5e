/**
 * Runs the shipped CLI in this process and prints one measurement line, as bench/worker.ts does:
 * { seconds, cpuSeconds, maxRssMiB, cid }. The CLI is imported as it is (its own argv, its own
 * stdout line with the CID), so peak RSS is the CLI's own plus this file's few lines.
 *
 *   node bench/cli-run.mjs dist/cli/index.js --path <dir> --car-path <out.car> [flags]
 */
import { writeSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

const [cli, ...args] = process.argv.slice(2)
if (cli === undefined) throw new Error('usage: cli-run.mjs <cli.js> [args]')
// The CLI reads its flags from process.argv: make it look as if it was started directly.
process.argv = [process.argv[0] ?? 'node', cli, ...args]
// The CLI's stdout is its CID; keep it for the line, and let stderr (its logs) pass to /dev/null.
let out = ''
process.stdout.write = (chunk, ...rest) => {
  out += String(chunk)
  const done = rest.at(-1)
  if (typeof done === 'function') done()
  return true
}
const t0 = performance.now()
const cpu0 = process.cpuUsage()
process.on('exit', (code) => {
  const cpu = process.cpuUsage(cpu0)
  const line = JSON.stringify({
    seconds: (performance.now() - t0) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    cid: out.trim().split('\n').pop(),
    exitCode: code,
  })
  writeSync(1, `${line}\n`)
})
await import(pathToFileURL(cli).href)
