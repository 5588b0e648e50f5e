/**
 * The Route 53 double enforces what docs/names/route53.md#test-double says, checked with the
 * official client (`@aws-sdk/client-route-53`): the SDK's own signed requests are accepted, its
 * parser reads every answer (zones, record sets, change info, errors by code), and what the
 * double refuses is what Route 53 refuses.
 */
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type Change,
} from '@aws-sdk/client-route-53'
import { afterEach, describe, expect, it } from 'vitest'
import { awsError, startRoute53Double, txtStrings, type Route53Double } from '../doubles/route53.js'

const CREDS = { accessKeyId: 'AKIDROUTE53TEST', secretAccessKey: 'r53-secret-key-0123456789' }
let d: Route53Double
afterEach(async () => {
  await d.close()
})

const sdk = (
  creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = CREDS,
): Route53Client =>
  new Route53Client({
    endpoint: d.url,
    region: 'us-east-1',
    credentials: creds,
    maxAttempts: 1,
  })
const start = async (sessionToken?: string): Promise<Route53Double> =>
  (d = await startRoute53Double({
    ...CREDS,
    ...(sessionToken !== undefined ? { sessionToken } : {}),
    zones: ['example.org', 'preview.example.org'],
  }))
const zoneId = (name: string): string => d.zones.find((z) => z.name === name)?.id ?? ''
const txt = (name: string, values: string[], ttl = 60): Change['ResourceRecordSet'] => ({
  Name: name,
  Type: 'TXT',
  TTL: ttl,
  ResourceRecords: values.map((Value) => ({ Value })),
})
const failure = async (
  p: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> => {
  try {
    await p
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } }
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode }
  }
  throw new Error('expected a failure')
}

describe('Route 53 double, with the official SDK', () => {
  it('accepts the SDK signature, with and without a session token, and refuses others', async () => {
    await start('session-token-xyz')
    const ok = await sdk({ ...CREDS, sessionToken: 'session-token-xyz' }).send(
      new ListHostedZonesByNameCommand({ DNSName: 'example.org' }),
    )
    expect(ok.HostedZones?.[0]?.Name).toBe('example.org.')
    // The token must be sent and signed.
    expect(await failure(sdk().send(new ListHostedZonesByNameCommand({})))).toMatchObject({
      name: 'InvalidToken',
      status: 403,
    })
    const wrong = await failure(
      sdk({ ...CREDS, secretAccessKey: 'nope', sessionToken: 'session-token-xyz' }).send(
        new ListHostedZonesByNameCommand({}),
      ),
    )
    expect(wrong).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 })
    const unknown = await failure(
      sdk({
        accessKeyId: 'AKIDOTHER',
        secretAccessKey: 'x',
        sessionToken: 'session-token-xyz',
      }).send(new ListHostedZonesByNameCommand({})),
    )
    expect(unknown.name).toBe('InvalidClientTokenId')
    d.expired = true
    expect(
      await failure(
        sdk({ ...CREDS, sessionToken: 'session-token-xyz' }).send(
          new ListHostedZonesByNameCommand({}),
        ),
      ),
    ).toMatchObject({ name: 'ExpiredToken' })
  })

  it('refuses a request signed more than 5 minutes away from its clock', async () => {
    d = await startRoute53Double({
      ...CREDS,
      zones: ['example.org'],
      clock: { now: () => Date.now() + 6 * 60_000, sleep: () => Promise.resolve() },
    })
    const e = await failure(sdk().send(new ListHostedZonesByNameCommand({})))
    expect(e.name).toBe('InvalidSignatureException')
    expect(e.message).toMatch(/Signature expired: .* - 5 min\./)
  })

  it('lists zones as a cursor from dnsname, ids prefixed, pages by NextDNSName and NextHostedZoneId', async () => {
    await start()
    d.addZone('example.org', { private: true })
    d.addZone('a.example.net')
    const r = await sdk().send(
      new ListHostedZonesByNameCommand({ DNSName: 'example.org', MaxItems: 10 }),
    )
    // Starts at example.org, reversed-label order: org.example, org.example (private), org.example.preview.
    expect(r.HostedZones?.map((z) => [z.Name, z.Config?.PrivateZone])).toEqual([
      ['example.org.', false],
      ['example.org.', true],
      ['preview.example.org.', false],
    ])
    expect(r.HostedZones?.[0]?.Id).toMatch(/^\/hostedzone\/Z/)
    // A name that is no zone answers the zones after it (a cursor, not a filter).
    const after = await sdk().send(
      new ListHostedZonesByNameCommand({ DNSName: 'b.example.org', MaxItems: 10 }),
    )
    expect(after.HostedZones?.map((z) => z.Name)).toEqual(['preview.example.org.'])
    const names: string[] = []
    let next: { DNSName?: string; HostedZoneId?: string } = {}
    for (let i = 0; i < 10; i++) {
      const p = await sdk().send(new ListHostedZonesByNameCommand({ ...next, MaxItems: 1 }))
      names.push(...(p.HostedZones ?? []).map((z) => z.Name ?? ''))
      if (p.IsTruncated !== true) break
      next = { DNSName: p.NextDNSName, HostedZoneId: p.NextHostedZoneId }
    }
    expect(names).toEqual([
      'a.example.net.',
      'example.org.',
      'example.org.',
      'preview.example.org.',
    ])
  })

  it('lists record sets from a name and type on, neighbours included, paged by NextRecordName/Type', async () => {
    await start()
    const z = zoneId('example.org.')
    await sdk().send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: z,
        ChangeBatch: {
          Changes: [
            {
              Action: 'CREATE',
              ResourceRecordSet: txt('_dnslink.www.example.org', [
                '"dnslink=/ipfs/a"',
                '"v=spf1 -all"',
              ]),
            },
            { Action: 'CREATE', ResourceRecordSet: txt('www.example.org', ['"hello"']) },
            {
              Action: 'CREATE',
              ResourceRecordSet: {
                Name: '_dnslink.cdn.example.org',
                Type: 'CNAME',
                TTL: 300,
                ResourceRecords: [{ Value: '_dnslink.cdn.example.net' }],
              },
            },
          ],
        },
      }),
    )
    const at = await sdk().send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: z,
        StartRecordName: '_dnslink.www.example.org',
        StartRecordType: 'TXT',
        MaxItems: 10,
      }),
    )
    expect(at.ResourceRecordSets?.[0]).toMatchObject({
      Name: '_dnslink.www.example.org.',
      Type: 'TXT',
      TTL: 60,
      ResourceRecords: [{ Value: '"dnslink=/ipfs/a"' }, { Value: '"v=spf1 -all"' }],
    })
    // An absent name answers what sorts after it: the client must filter by exact name.
    const absent = await sdk().send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: z,
        StartRecordName: '_dnslink.nope.example.org',
        MaxItems: 2,
      }),
    )
    expect(absent.ResourceRecordSets?.map((s) => s.Name)).toEqual([
      'www.example.org.',
      '_dnslink.www.example.org.',
    ])
    const all: string[] = []
    let next: { StartRecordName?: string; StartRecordType?: 'TXT' } = {}
    for (let i = 0; i < 20; i++) {
      const p = await sdk().send(
        new ListResourceRecordSetsCommand({ HostedZoneId: z, ...next, MaxItems: 1 }),
      )
      all.push(...(p.ResourceRecordSets ?? []).map((s) => `${s.Name ?? ''} ${s.Type ?? ''}`))
      if (p.IsTruncated !== true) break
      next = { StartRecordName: p.NextRecordName, StartRecordType: p.NextRecordType as 'TXT' }
    }
    expect(all).toEqual([
      'example.org. NS',
      'example.org. SOA',
      '_dnslink.cdn.example.org. CNAME',
      'www.example.org. TXT',
      '_dnslink.www.example.org. TXT',
    ])
    expect(
      await failure(
        sdk().send(new ListResourceRecordSetsCommand({ HostedZoneId: z, StartRecordType: 'TXT' })),
      ),
    ).toMatchObject({ name: 'InvalidInput', status: 400 })
    expect(
      await failure(sdk().send(new ListResourceRecordSetsCommand({ HostedZoneId: 'ZNOPE' }))),
    ).toMatchObject({ name: 'NoSuchHostedZone', status: 404 })
  })

  it('applies a DELETE + CREATE batch whole, and refuses a stale DELETE with InvalidChangeBatch, applying nothing', async () => {
    await start()
    const z = zoneId('example.org.')
    const name = '_dnslink.example.org'
    const made = await sdk().send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: z,
        ChangeBatch: {
          Comment: 'first',
          Changes: [
            { Action: 'CREATE', ResourceRecordSet: txt(name, ['"dnslink=/ipfs/a"', '"keep"']) },
          ],
        },
      }),
    )
    expect(made.ChangeInfo).toMatchObject({ Status: 'PENDING', Comment: 'first' })
    expect(made.ChangeInfo?.Id).toMatch(/^\/change\/C/)
    const swap = (from: string[], ttl = 60): Change[] => [
      { Action: 'DELETE', ResourceRecordSet: txt(name, from, ttl) },
      { Action: 'CREATE', ResourceRecordSet: txt(name, ['"keep"', '"dnslink=/ipfs/b"'], ttl) },
    ]
    // Values in another order still match; a different TTL or value does not.
    await sdk().send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: z,
        ChangeBatch: { Changes: swap(['"keep"', '"dnslink=/ipfs/a"']) },
      }),
    )
    const set = (): string[] | undefined =>
      d.rrsets.find((r) => r.name === `${name}.` && r.type === 'TXT')?.values
    expect(set()).toEqual(['"keep"', '"dnslink=/ipfs/b"'])
    for (const [from, ttl] of [
      [['"dnslink=/ipfs/a"', '"keep"'], 60],
      [['"keep"', '"dnslink=/ipfs/b"'], 300],
    ] as const) {
      const e = await failure(
        sdk().send(
          new ChangeResourceRecordSetsCommand({
            HostedZoneId: z,
            ChangeBatch: { Changes: swap([...from], ttl) },
          }),
        ),
      )
      expect(e).toMatchObject({ name: 'InvalidChangeBatch', status: 400 })
      expect(e.message).toMatch(
        /^\[Tried to delete resource record set \[name='_dnslink\.example\.org\.', type='TXT'\] but the values provided do not match the current values/,
      )
    }
    expect(set()).toEqual(['"keep"', '"dnslink=/ipfs/b"'])
    const twice = await failure(
      sdk().send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: z,
          ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: txt(name, ['"x"']) }] },
        }),
      ),
    )
    expect(twice.message).toMatch(/Tried to create resource record set .* but it already exists\]$/)
    const gone = await failure(
      sdk().send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: z,
          ChangeBatch: {
            Changes: [
              { Action: 'DELETE', ResourceRecordSet: txt('_dnslink.nope.example.org', ['"x"']) },
            ],
          },
        }),
      ),
    )
    expect(gone.message).toMatch(/but it was not found\]$/)
    expect(d.batches.map((b) => b.applied)).toEqual([true, true, false, false, false, false])
  })

  it('checks TXT values: quoted, strings of 255 bytes at most, no duplicates, never beside a CNAME, in the zone', async () => {
    await start()
    const z = zoneId('example.org.')
    const one = (rs: Change['ResourceRecordSet']): Promise<{ name: string; message: string }> =>
      failure(
        sdk().send(
          new ChangeResourceRecordSetsCommand({
            HostedZoneId: z,
            ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: rs }] },
          }),
        ),
      )
    expect((await one(txt('a.example.org', ['bare']))).message).toMatch(
      /Value should be enclosed in quotation marks/,
    )
    expect((await one(txt('a.example.org', [`"${'x'.repeat(256)}"`]))).message).toMatch(
      /CharacterStringTooLong/,
    )
    expect((await one(txt('a.example.org', ['"d"', '"d"']))).message).toMatch(
      /Duplicate Resource Record/,
    )
    expect((await one(txt('a.example.com', ['"d"']))).message).toMatch(
      /not permitted in zone example\.org\./,
    )
    await sdk().send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: z,
        ChangeBatch: {
          Changes: [
            {
              Action: 'CREATE',
              ResourceRecordSet: txt('long.example.org', [
                `"${'x'.repeat(255)}" "${'y'.repeat(10)}"`,
                '"say \\"hi\\" \\342\\202\\254"',
              ]),
            },
            {
              Action: 'CREATE',
              ResourceRecordSet: {
                Name: '_dnslink.c.example.org',
                Type: 'CNAME',
                TTL: 60,
                ResourceRecords: [{ Value: 'x.example.net' }],
              },
            },
          ],
        },
      }),
    )
    expect((await one(txt('_dnslink.c.example.org', ['"d"']))).message).toMatch(
      /conflicting RRSet of type CNAME/,
    )
    expect(txtStrings('"say \\"hi\\" \\342\\202\\254"')).toEqual(['say "hi" €'])
  })

  it('reports PENDING, then INSYNC; an unknown change is NoSuchChange', async () => {
    await start()
    d.pendingPolls = 2
    const made = await sdk().send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId('example.org.'),
        ChangeBatch: {
          Changes: [{ Action: 'CREATE', ResourceRecordSet: txt('_dnslink.example.org', ['"a"']) }],
        },
      }),
    )
    const id = made.ChangeInfo?.Id ?? ''
    const seen: string[] = []
    for (let i = 0; i < 4; i++)
      seen.push((await sdk().send(new GetChangeCommand({ Id: id }))).ChangeInfo?.Status ?? '')
    expect(seen).toEqual(['PENDING', 'PENDING', 'INSYNC', 'INSYNC'])
    // The SDK strips /change/ from the id in the path.
    expect(d.server.requests.filter((r) => r.url.startsWith('/2013-04-01/change/C'))).toHaveLength(
      4,
    )
    expect(await failure(sdk().send(new GetChangeCommand({ Id: 'CNOPE' })))).toMatchObject({
      name: 'NoSuchChange',
      status: 404,
    })
  })

  it('throttles, serialises changes per zone, and enforces an IAM policy on names, types and actions', async () => {
    await start()
    const z = zoneId('example.org.')
    d.fault = (n) => (n === 1 ? awsError(400, 'Throttling', 'Rate exceeded') : undefined)
    expect(await failure(sdk().send(new ListHostedZonesByNameCommand({})))).toMatchObject({
      name: 'Throttling',
      message: 'Rate exceeded',
      status: 400,
    })
    d.fault = undefined
    d.serialise = true
    const batch = (
      name: string,
      action: 'CREATE' | 'UPSERT' = 'CREATE',
    ): ChangeResourceRecordSetsCommand =>
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: z,
        ChangeBatch: { Changes: [{ Action: action, ResourceRecordSet: txt(name, ['"a"']) }] },
      })
    await sdk().send(batch('_dnslink.a.example.org'))
    expect(await failure(sdk().send(batch('_dnslink.b.example.org')))).toMatchObject({
      name: 'PriorRequestNotComplete',
      status: 400,
    })
    d.serialise = false
    d.policy = {
      names: ['_dnslink.example.org', '_dnslink.*.preview.example.org'],
      types: ['TXT'],
      actions: ['CREATE', 'DELETE'],
    }
    const denied = await failure(sdk().send(batch('www.example.org')))
    expect(denied).toMatchObject({ name: 'AccessDenied', status: 403 })
    expect(denied.message).toMatch(
      /not authorized to perform: route53:ChangeResourceRecordSets on resource: arn:aws:route53:::hostedzone\//,
    )
    expect((await failure(sdk().send(batch('_dnslink.example.org', 'UPSERT')))).name).toBe(
      'AccessDenied',
    )
    await sdk().send(batch('_dnslink.example.org'))
  })
})
