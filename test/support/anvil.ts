/**
 * A real local EVM for tests: anvil from npm (`@foundry-rs/anvil`, whose platform package ships
 * the binary; nothing is downloaded), on 127.0.0.1 with a port it picks. It runs with mining
 * off: a block is mined only when a test (or a test clock, as time passes) asks for one, so
 * nothing depends on how fast this machine is. One child per test file, stopped by its PID.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'

export interface Anvil {
  readonly url: string
  readonly pid: number
  stop(): Promise<void>
}

function binary(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch}`
  const require = createRequire(import.meta.url)
  try {
    return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'bin', 'anvil')
  } catch {
    throw new Error(
      `${pkg} is not installed: the ENS tests need anvil from npm (npm ci installs it on linux x64)`,
    )
  }
}

export async function startAnvil(extra: readonly string[] = []): Promise<Anvil> {
  const child: ChildProcess = spawn(
    binary(),
    ['--host', '127.0.0.1', '--port', '0', '--no-mining', ...extra],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let seen = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`anvil did not start within 30 s: ${seen.slice(-500)}`)),
      30_000,
    )
    child.once('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`anvil exited (${code}): ${seen.slice(-500)}`))
    })
    child.stdout?.on('data', (chunk: Buffer) => {
      if (seen.length < 20_000) seen += chunk.toString()
      const m = /Listening on (127\.0\.0\.1:\d+)/.exec(seen)
      if (m !== null) {
        clearTimeout(timer)
        resolve(`http://${m[1]}`)
      }
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      if (seen.length < 20_000) seen += chunk.toString()
    })
  })
  // anvil logs every call: keep the pipe drained.
  child.stdout?.resume()
  return {
    url,
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}
