/**
 * The probe (docs/names/trustless-gateway.md#probe): `GET /ipfs/bafkqaaa` (the identity CID of
 * no bytes) in the format the check will ask for. A trustless gateway answers it at once, without
 * looking anything up, so a gateway that cannot serve CARs or raw blocks (a path gateway, an HTML
 * page, a redirect) is told in seconds instead of being polled until `check-timeout`.
 */
import { bytesReader, readHeader } from '@ipld/car/decoder'
import { ProviderError } from '../errors.js'
import { excerpt, type HttpClient } from '../http/client.js'
import { jsonQuote } from '../text.js'

export const PROBE_CID = 'bafkqaaa'
export const CAR_TYPE = 'application/vnd.ipld.car'
export const RAW_TYPE = 'application/vnd.ipld.raw'
export const CAR_ACCEPT = `${CAR_TYPE}; version=1; order=dfs; dups=n`
/** A probe not answered by then says nothing either way: the content requests go on. */
const PROBE_MS = 30_000

/** At most `max` bytes of `body`, then stops reading it. */
export async function firstBytes(body: AsyncIterable<Uint8Array>, max: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    chunks.push(Buffer.from(chunk.subarray(0, max - size)))
    size += Math.min(chunk.length, max - size)
    if (size >= max) break
  }
  return Buffer.concat(chunks)
}

export const typeOf = (
  headers: Readonly<Record<string, string | string[] | undefined>>,
): string => {
  const t = headers['content-type']
  return (Array.isArray(t) ? t[0] : t) ?? ''
}

/**
 * What a gateway answered instead of what was asked, for a message: status, type and the first
 * bytes as inert, quoted text.
 */
export async function whatCame(
  status: number,
  type: string,
  body: AsyncIterable<Uint8Array>,
  redact: (t: string) => string,
): Promise<string> {
  const text = excerpt((await firstBytes(body, 512)).toString('utf8'), redact, 120)
  return `HTTP ${status} with ${type !== '' ? jsonQuote(type.slice(0, 100)) : 'no Content-Type'}${text !== '' ? ` and ${jsonQuote(text)}` : ', empty'}`
}

/**
 * Probes the gateway. Returns why it cannot take part in a check of `format`, when its answer
 * shows that (a 200 that is not one, a redirect, 400, 406 or 501); undefined when it passed, or
 * when the answer says nothing either way (a 404, a 5xx, a reset, no answer within 30 s): the
 * content requests then go on as usual. At most 4 KiB of the answer is read.
 */
export async function probe(
  http: HttpClient,
  format: 'car' | 'raw',
  signal: AbortSignal,
  redact: (t: string) => string,
): Promise<string | undefined> {
  const asked = `GET /ipfs/${PROBE_CID}?format=${format}`
  const cannot = `it cannot serve ${format === 'car' ? 'CARs' : 'raw blocks'}: not a trustless gateway, or not its URL`
  try {
    return await http.stream(
      {
        operation: 'gateway-probe',
        method: 'GET',
        path: `/ipfs/${PROBE_CID}`,
        query: { format },
        headers: { accept: format === 'car' ? CAR_ACCEPT : RAW_TYPE },
        signal: AbortSignal.any([signal, AbortSignal.timeout(PROBE_MS)]),
      },
      async (body, res) => {
        const type = typeOf(res.headers)
        const expected = format === 'car' ? CAR_TYPE : RAW_TYPE
        if (type.toLowerCase().split(';')[0]?.trim() !== expected)
          return `the probe ${asked} was answered ${await whatCame(res.status, type, body, redact)}: ${cannot}`
        const head = await firstBytes(body, 4096)
        if (format === 'raw')
          return head.length === 0
            ? undefined
            : `the probe ${asked} was answered with ${head.length} bytes or more, not the empty block: ${cannot}`
        try {
          await readHeader(bytesReader(head), 1)
          return undefined
        } catch {
          return `the probe ${asked} was answered ${type} but not a CARv1 (it starts ${head.subarray(0, 16).toString('hex')}): ${cannot}`
        }
      },
    )
  } catch (err) {
    if (!(err instanceof ProviderError) || signal.aborted) throw err
    const status = err.status ?? 0
    if (status >= 300 && status < 400) return err.reason
    if (status === 400 || status === 406 || status === 501)
      return `the probe ${asked} was answered ${err.reason}: ${cannot}`
    return undefined
  }
}
