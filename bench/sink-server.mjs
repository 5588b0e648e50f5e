// A streaming sink for the upload benchmarks (S3 and Pinata v3 routes too), run in its own process: it reads every request
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
    const key = /-([a-z0-9]+)\.car$/.exec(route)?.[1] ?? ''
    const q = url.searchParams
    // An S3 store (filebase-s3): listings, PUTs, multipart, HEAD; the CID from the object key.
    if (q.get('list-type') === '2') {
      res.setHeader('content-type', 'application/xml')
      return res.end(
        '<?xml version="1.0"?><ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>',
      )
    }
    if (req.method === 'HEAD' || (req.method === 'PUT' && key !== '' && !q.has('partNumber'))) {
      res.writeHead(200, { etag: '"e"', 'x-amz-meta-cid': key })
      return res.end()
    }
    if (req.method === 'PUT' && q.has('partNumber')) {
      res.writeHead(200, { etag: `"p${q.get('partNumber')}"` })
      return res.end()
    }
    if (req.method === 'POST' && q.has('uploads')) {
      res.setHeader('content-type', 'application/xml')
      return res.end(
        '<?xml version="1.0"?><InitiateMultipartUploadResult><UploadId>u1</UploadId></InitiateMultipartUploadResult>',
      )
    }
    if (req.method === 'POST' && q.has('uploadId')) {
      res.setHeader('content-type', 'application/xml')
      return res.end(
        '<?xml version="1.0"?><CompleteMultipartUploadResult><ETag>"c"</ETag></CompleteMultipartUploadResult>',
      )
    }
    res.setHeader('content-type', 'application/json')
    if (route === '/v3/files')
      res.end(JSON.stringify({ data: { id: '1', cid: root, is_duplicate: false } }))
    else if (route === '/api/v0/dag/import')
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
