// A streaming sink for the upload benchmarks, run in its own process: it reads every request
// body to the end without keeping it, then answers as the service would. The CID to answer with
// comes from the URL (`/cid/<cid>/…`, for the file-upload services, which would compute it from
// the files) or from the multipart filename (`<root>.car`, for CAR uploads). Raw POSTs get
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
    const url = new URL(req.url ?? '/', 'http://x')
    const given = /^\/cid\/([^/]+)(\/.*)$/.exec(url.pathname)
    const route = given?.[2] ?? url.pathname
    const root = given?.[1] ?? /filename="([^"]+)\.car"/.exec(head)?.[1] ?? ''
    res.setHeader('content-type', 'application/json')
    if (route === '/api/v0/dag/import')
      res.end(`${JSON.stringify({ Root: { Cid: { '/': root }, PinErrorMsg: '' } })}\n`)
    else if (route === '/add')
      res.end(`${JSON.stringify({ name: `${root}.car`, cid: root, size: bytes })}\n`)
    else if (route === '/pinning/pinFileToIPFS')
      res.end(JSON.stringify({ IpfsHash: root, PinSize: bytes, isDuplicate: false }))
    else if (route === '/pinning/')
      res.end(JSON.stringify({ status: 'success', data: { id: '1', cid: root, pinned: true } }))
    else res.end(JSON.stringify({ bytes }))
  })
})
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`)
})
