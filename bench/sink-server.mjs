// A streaming sink for the upload benchmark, run in its own process: it reads every request
// body to the end without keeping it, then answers as Kubo (dag/import) or IPFS Cluster (/add)
// would, naming the root that the multipart filename carries (`<root>.car`). Raw POSTs get
// `{"bytes": n}`. Prints its port on stdout.
import { createServer } from 'node:http'

const server = createServer((req, res) => {
  let bytes = 0
  let head = ''
  req.on('data', (chunk) => {
    if (head.length < 4096) head += chunk.subarray(0, 4096).toString('latin1')
    bytes += chunk.length
  })
  req.on('end', () => {
    const root = /filename="([^"]+)\.car"/.exec(head)?.[1] ?? ''
    const url = new URL(req.url ?? '/', 'http://x')
    res.setHeader('content-type', 'application/json')
    if (url.pathname === '/api/v0/dag/import')
      res.end(`${JSON.stringify({ Root: { Cid: { '/': root }, PinErrorMsg: '' } })}\n`)
    else if (url.pathname === '/add')
      res.end(`${JSON.stringify({ name: `${root}.car`, cid: root, size: bytes })}\n`)
    else res.end(JSON.stringify({ bytes }))
  })
})
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`)
})
