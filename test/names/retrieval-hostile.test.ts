/**
 * The retrieval check against hostile gateways (the double plays them): whatever a gateway
 * sends, the check ends at once or within check-timeout, with a clear, bounded message, and
 * without buffering what it refuses. Limits: docs/names/trustless-gateway.md#limits.
 */
import { describe, expect, it } from 'vitest'
import { MAX_BLOCKS_WITHOUT_INDEX } from '../../src/check/verify.js'
import type { GatewayDouble } from '../doubles/gateway.js'
import { fakeClock } from '../support/clock.js'
import {
  contentRequests as content,
  runCheck,
  siteAndGateways,
  wideDag,
  type Run,
} from './retrieval-fixture.js'

const { site: built, gateway } = siteAndGateways()
const run = (g: GatewayDouble, o: Run = {}) => runCheck(built(), [g], o)
const MiB = 1024 * 1024

describe('retrieval check: what the CAR says is refused before it is buffered', () => {
  it.each([
    [3_000_000_000, /^the section of block 2 says it is 3000000000 bytes long: a block may/],
    [2 * MiB + 37, /^the section of block 2 says it is 2097189 bytes long: a block may not/],
    [2 ** 53, /^the section of block 2 says it is 9007199254740992 bytes long: a block may/],
    [2 ** 70, /^the section of block 2 has a length prefix longer than 9 bytes$/],
  ])('a section whose length prefix is %d', async (length, error) => {
    const g = await gateway()
    g.hostile = { afterBlocks: 1, send: 'section-length', length }
    const { r } = await run(g)
    expect(r.status).toBe('failed')
    expect(r.error).toMatch(error)
    expect(content(g)).toHaveLength(1)
  })

  it('a CIDv0 section with room for a block 2 bytes over 2 MiB', async () => {
    const g = await gateway()
    const v0 = Uint8Array.from([0x12, 0x20, ...new Uint8Array(32)])
    g.hostile = { send: 'section', cid: v0, length: 2 * MiB + 36 }
    const { r } = await run(g)
    expect(r.error).toBe(
      `the section of block 1 holds ${2 * MiB + 2} bytes: a block may not be larger than 2097152 bytes (2 MiB)`,
    )
  })

  it('a CAR header whose length prefix is over 64 KiB', async () => {
    const g = await gateway()
    g.hostile = { send: 'header-length', length: 100_000_000 }
    const { r } = await run(g)
    expect(r.error).toMatch(
      /^the CAR header says it is 100000000 bytes long: a header may not be larger than 65536 bytes$/,
    )
    expect(content(g)).toHaveLength(1)
  })

  it('an HTML page served as a CAR', async () => {
    const g = await gateway()
    g.fault = (n) =>
      n === 2
        ? {
            status: 200,
            body: `<html><head><title>Gateway</title></head><body>${'x'.repeat(200)}</body></html>`,
            headers: { 'content-type': 'application/vnd.ipld.car; version=1' },
          }
        : undefined
    const { r } = await run(g)
    expect(r.error).toMatch(
      /^the answer does not start with a CARv1 header \(.*\); it starts 3c68746d6c3e3c68656164/,
    )
    expect(content(g)).toHaveLength(1)
  })

  const v1 = (codec: number, hash: number[], digest: Uint8Array): Uint8Array =>
    Uint8Array.from([0x01, codec, ...hash, ...digest])
  it.each([
    [
      'a huge identity multihash',
      v1(0x55, [0x00, 0xc0, 0x84, 0x3d], new Uint8Array(1_000_000).fill(0x41)),
      /^a block whose CID uses the hash function 0x0 \(identity\) with a 1000000-byte digest: the check verifies SHA-256 blocks; the section starts 015500c0843d4141414141414141/,
    ],
    [
      'another hash function',
      v1(0x55, [0x13, 0x40], new Uint8Array(64)),
      /^a block whose CID uses the hash function 0x13 \(sha2-512\) with a 64-byte digest/,
    ],
    [
      'another codec',
      v1(0x71, [0x12, 0x20], new Uint8Array(32)),
      /^a block of codec 0x71 \(dag-cbor\): the check reads dag-pb and raw blocks/,
    ],
    [
      'a CID version that is not 0 or 1',
      Uint8Array.from([0x02, 0x55, 0x12, 0x20, ...new Uint8Array(32)]),
      /^a block whose CID is not CIDv0 or CIDv1 \(first byte 0x2\)/,
    ],
  ])('a CID with %s, at once, quoted as a bounded prefix', async (_what, cid, error) => {
    const g = await gateway()
    // The rest of the section never comes: the check must decide on the first bytes.
    g.hostile = { afterBlocks: 1, send: 'section', cid, length: cid.length + 16 }
    const { r } = await run(g)
    expect(r.error).toMatch(error)
    expect((r.error ?? '').length).toBeLessThan(300)
    expect(content(g)).toHaveLength(1)
  })
})

describe('retrieval check: endless blocks', () => {
  it.each([
    ['the local DAG', undefined],
    ['no local DAG (cid input)', null],
  ] as const)(
    'skips foreign blocks up to a budget, then refuses them, with %s',
    async (_w, index) => {
      const g = await gateway()
      g.hostile = { afterBlocks: 1, send: 'foreign' }
      const { r } = await run(g, { index })
      expect(r.error).toMatch(
        /^the gateway sent 1025 blocks that are not part of this DAG and 0 it had sent already, more than the 1024 skipped blocks taken \(1 block received/,
      )
      expect(content(g)).toHaveLength(1)
    },
  )

  it('refuses endless duplicates when the CAR said dups=n', async () => {
    const g = await gateway()
    g.hostile = { afterBlocks: 1, send: 'duplicates' }
    const { r } = await run(g)
    expect(r.error).toMatch(/^the gateway sent 0 blocks .* and 1025 it had sent already/)
  })

  it('ends at check-timeout when duplicates a CAR announced (dups=y) never stop', async () => {
    const g = await gateway()
    const clock = fakeClock(Date.now())
    g.dups = true
    g.hostile = { afterBlocks: 1, send: 'duplicates' }
    g.onHostileSection = () => clock.advance(1000)
    const { r } = await run(g, { clock, timeoutMs: 30_000 })
    expect(r.error).toMatch(
      new RegExp(
        `^the retrieval check reached its limit of 30 s \\("check-timeout"\\), after 1 block received of the DAG's ${built().car.blocks}(; 0 not of this DAG and \\d+ sent again were skipped)?; the next block expected was ${built().dfs[1] ?? ''}$`,
      ),
    )
    expect(content(g)).toHaveLength(1)
  })

  it(`stops following a DAG without a local copy (cid input) past ${MAX_BLOCKS_WITHOUT_INDEX} blocks`, async () => {
    const { root, store } = wideDag(6)
    const g = await gateway(store)
    g.breadthFirst = true
    const { r } = await run(g, { root, index: null })
    expect(r.error).toMatch(
      new RegExp(
        `^the DAG under ${root.toString()} links more than ${MAX_BLOCKS_WITHOUT_INDEX} blocks, the most a check without the DAG built here follows \\(7 blocks received\\); use "check-scope: root" for such content$`,
      ),
    )
  })
})

describe('retrieval check: gateways that cannot serve the format fail in seconds', () => {
  it('a path gateway’s HTML page, found by the probe, while the content would 404 forever', async () => {
    const g = await gateway()
    g.pathGateway = 'html'
    g.notFoundFor = 1_000_000
    const { r, clock } = await run(g)
    expect(r.error).toMatch(
      /^the probe GET \/ipfs\/bafkqaaa\?format=car was answered HTTP 200 with "text\/html; charset=utf-8" and "HTML page \\"\/ipfs\/bafkqaaa\\": \/ipfs\/bafkqaaa Index of \/ipfs\/bafkqaaa padding padding [a-z ]*…": it cannot serve CARs: not a trustless gateway, or not its URL$/,
    )
    expect(g.server.requests).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
  })

  it.each([
    [{ kind: 'all' }, 'CARs'],
    [{ kind: 'root' }, 'raw blocks'],
  ] as const)('an octet-stream path gateway (scope %o)', async (scope, what) => {
    const g = await gateway()
    g.pathGateway = 'octet-stream'
    const { r } = await run(g, { scope })
    expect(r.error).toMatch(
      new RegExp(
        `^the probe GET /ipfs/bafkqaaa\\?format=(car|raw) was answered HTTP 200 with "application/octet-stream", empty: it cannot serve ${what}`,
      ),
    )
    expect(g.server.requests).toHaveLength(1)
  })

  it('a 200 that is not a CAR after the probe passed: the first answer decides, quoted inertly', async () => {
    const g = await gateway()
    g.fault = (n) =>
      n === 2
        ? {
            status: 200,
            body: '\u001b[31m::error::a file\nnext line',
            headers: { 'content-type': 'application/octet-stream' },
          }
        : undefined
    const { r } = await run(g)
    expect(r.error).toBe(
      'the gateway answered HTTP 200 with "application/octet-stream" and "\\u001b[31m::error::a file next line", not a CAR: not a trustless gateway, or not its URL',
    )
    expect(content(g)).toHaveLength(1)
  })

  it('a redirect: check the gateway URL', async () => {
    const g = await gateway()
    g.redirectTo = 'https://bafy.ipfs.example.net'
    const { r } = await run(g)
    expect(r.error).toBe(
      'HTTP 301: the service redirects to https://bafy.ipfs.example.net/ipfs/bafkqaaa?format=car; check the gateway URL ("check-gateways")',
    )
    expect(g.server.requests).toHaveLength(1)
  })
})
