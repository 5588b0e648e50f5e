/**
 * Every provider descriptor reads its options and builds, and what it says of itself holds: a
 * provider that takes uploads has an upload method, one that keeps labels can list them, its
 * credentials are secret inputs it owns.
 */
import { describe, expect, it } from 'vitest'
import { PROVIDERS, capabilitiesOf, createProvider } from '../../src/providers/registry.js'
import { testDeps } from '../support/deps.js'

describe('provider registry', () => {
  it.each(PROVIDERS.all.map((d) => [d.id, d] as const))(
    '%s reads its inputs, builds, and is what its traits say',
    (_id, d) => {
      // Every credential but Basic auth (a token instead), every URL input set.
      const raw = (name: string): string =>
        /url|endpoint/.test(name)
          ? 'http://127.0.0.1:1'
          : (d.credentials as readonly string[]).includes(name) && !name.endsWith('basic-auth')
            ? 'token-123'
            : name.endsWith('-bucket')
              ? 'site-deploys'
              : name.endsWith('-region')
                ? 'us-east-1'
                : ''
      const options = d.read({ raw, secret: () => undefined }) as { id: string }
      expect(options.id).toBe(d.id)
      const p = createProvider({ id: d.id, descriptor: d, options }, testDeps([]).deps)
      const c = capabilitiesOf(p)
      expect(c.uploadCar || c.uploadFiles).toBe(d.traits.kind === 'upload')
      expect(c).toMatchObject({ status: true, unpin: true })
      // A store that holds only what is uploaded to it (an S3 bucket) cannot pin by CID.
      if (d.traits.kind === 'pin-only') expect(c.pinByCid).toBe(true)
      if (d.traits.keepsLabels) expect(c.list).toBe(true)
      if (d.traits.serverImport !== undefined) expect(c.uploadFiles).toBe(true)
      const secret = d.inputs.filter((i) => i.secret === true).map((i) => i.name)
      for (const cred of d.credentials) expect(secret).toContain(cred)
    },
  )

  it('has unique ids, and derives its secret inputs from the descriptors', () => {
    expect(new Set(PROVIDERS.ids).size).toBe(PROVIDERS.ids.length)
    expect(PROVIDERS.secretInputs).toEqual(
      expect.arrayContaining(['pinata-jwt', 'psa-token', 'kubo-basic-auth', 'cluster-token']),
    )
    expect(PROVIDERS.secretInputs).not.toContain('kubo-url')
  })
})
