/** A scripted local HTTP server for tests: 127.0.0.1, port 0, every request recorded. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface Recorded {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: Buffer
  /** The alias the request came through (see `TestServer.alias`), if any. */
  via?: string
}

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  n: number,
) => unknown

/** A request as the gate and the watcher see it, once its body has been read. */
export interface Seen {
  readonly method: string
  /** Path and query, as sent. */
  readonly url: string
  readonly path: string
  readonly body: Buffer
  /** The alias it came through (which concurrent run sent it), if any. */
  readonly via?: string
}

export interface TestServer {
  url: string
  requests: Recorded[]
  /**
   * Another address for the same service (same state, same handler): requests through it are
   * told apart by `via`, so that tests running several runs at once know whose request it is.
   */
  alias(via: string): Promise<string>
  /**
   * Asked for every request once its body is read, before it is served: when it returns a
   * promise, the request waits for it (a test holds one run's request until another run's has
   * been answered; see test/support/interleave.ts).
   */
  gate?: (r: Seen) => Promise<void> | undefined
  /** Told when a request has arrived (body read) and when its answer has been sent. */
  watch?: (r: Seen, event: 'arrived' | 'answered') => void
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
  const servers: Server[] = []
  let started = 0
  const test = {} as TestServer
  const listener =
    (via: string | undefined) =>
    (req: IncomingMessage, res: ServerResponse): void => {
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
        const url = req.url ?? ''
        const seen: Seen = {
          method: req.method ?? '',
          url,
          path: new URL(url, 'http://x').pathname,
          body,
          ...(via !== undefined ? { via } : {}),
        }
        test.watch?.(seen, 'arrived')
        res.on('finish', () => test.watch?.(seen, 'answered'))
        const serve = (): void => {
          requests.push({
            method: req.method ?? '',
            url,
            headers: req.headers,
            body,
            ...(via !== undefined ? { via } : {}),
          })
          void Promise.resolve(handler(req, res, body, requests.length)).catch((err: unknown) => {
            res.statusCode = 599
            res.end(String(err))
          })
        }
        const wait = test.gate?.(seen)
        if (wait === undefined) serve()
        else void wait.then(serve)
      })
    }
  const listen = async (via: string | undefined): Promise<string> => {
    const server = createServer(listener(via))
    server.on('connection', (s) => {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    servers.push(server)
    const { port } = server.address() as AddressInfo
    return `http://127.0.0.1:${port}`
  }
  return Object.assign(test, {
    url: await listen(undefined),
    requests,
    alias: (via: string) => listen(via),
    close: async () => {
      for (const s of sockets) s.destroy()
      await Promise.all(
        servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      )
    },
  })
}
