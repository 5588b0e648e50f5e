/** A scripted local HTTP server for tests: 127.0.0.1, port 0, every request recorded. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface Recorded {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: Buffer
}

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  n: number,
) => unknown

export interface TestServer {
  url: string
  requests: Recorded[]
  close(): Promise<void>
}

/**
 * `early` is asked before the body is read: `reset-mid-body` cuts the connection once the first
 * body bytes have arrived (a reset during an upload), `hold` stops reading and never answers
 * (a peer that stalls mid-upload).
 */
export async function startServer(
  handler: Handler,
  early?: (req: IncomingMessage, n: number) => 'reset-mid-body' | 'hold' | undefined,
): Promise<TestServer> {
  const requests: Recorded[] = []
  const sockets = new Set<Socket>()
  let started = 0
  const server = createServer((req, res) => {
    const action = early?.(req, ++started)
    if (action === 'hold') {
      req.pause()
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => {
      if (action === 'reset-mid-body') {
        req.socket.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      void Promise.resolve(handler(req, res, body, requests.length)).catch((err: unknown) => {
        res.statusCode = 599
        res.end(String(err))
      })
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
