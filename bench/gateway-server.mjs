// A trustless gateway for the retrieval-check benchmark, run in its own process: it answers
// `GET /ipfs/<cid>?format=car` with the CAR file named on its command line (whatever the CID:
// the bench asks for the one it wrote). The file is read into memory at start (the worker
// rewrites the same bytes before each check) and written in 4 MiB slices as the socket drains: a stream from disk (fs.createReadStream
// piped to the response) delivered about half the bytes per second here, and the bench measures
// the check, not the server. The retrieval check's probe (`/ipfs/bafkqaaa`) gets a CAR of its
// header alone, as a trustless gateway answers it. Prints its port on stdout.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'

const car = process.argv[2]
if (car === undefined) throw new Error('usage: gateway-server.mjs <file.car>')
const SLICE = 4 << 20
const bytes = readFileSync(car)
// The CARv1 header naming bafkqaaa: dag-cbor {roots: [CID(bafkqaaa)], version: 1}.
const PROBE = Buffer.from('19a265726f6f747381d82a4500015500006776657273696f6e01', 'hex')

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x')
  if (req.method !== 'GET' || !url.pathname.startsWith('/ipfs/')) {
    res.writeHead(404).end()
    return
  }
  const probe = url.pathname.startsWith('/ipfs/bafkqaaa')
  res.writeHead(200, {
    'content-type': 'application/vnd.ipld.car; version=1; order=dfs; dups=n',
    'content-length': String(probe ? PROBE.length : bytes.length),
  })
  if (probe) {
    res.end(PROBE)
    return
  }
  let at = 0
  const more = () => {
    while (at < bytes.length) {
      const slice = bytes.subarray(at, (at += SLICE))
      if (!res.write(slice)) {
        res.once('drain', more)
        return
      }
    }
    res.end()
  }
  more()
})
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`)
})
