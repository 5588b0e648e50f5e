/** The third-party `mock-ipfs-pinning-service`, run as a real server on 127.0.0.1:0. */
import { createRequire } from 'node:module'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export async function startPsaMock(token: string): Promise<{ url: string; server: Server }> {
  const require = createRequire(import.meta.url)
  const { setup } = require('mock-ipfs-pinning-service') as {
    setup: (o: { token: string; loglevel: string }) => Promise<{
      listen: (port: number, host: string) => Server
    }>
  }
  const app = await setup({ token, loglevel: 'error' })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((r) => server.once('listening', r))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}
