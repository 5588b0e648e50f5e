/** Every provider id builds, and the config's upload/pin-only split matches what they can do. */
import { describe, expect, it } from 'vitest'
import { PROVIDER_IDS, UPLOADERS, type ProviderConfig } from '../../src/config/config.js'
import { capabilitiesOf, createProvider } from '../../src/providers/registry.js'
import { testDeps } from '../support/deps.js'

const bearer = { kind: 'bearer', token: 't' } as const
const CONFIGS: Record<string, ProviderConfig> = {
  pinata: { id: 'pinata', apiUrl: 'http://127.0.0.1:1', auth: { jwt: 'j' } },
  aioz: { id: 'aioz', apiUrl: 'http://127.0.0.1:1', apiKey: 'k', secretKey: 's' },
  sagittarius: { id: 'sagittarius', apiUrl: 'http://127.0.0.1:1', apiKey: 'k' },
  cluster: { id: 'cluster', url: 'http://127.0.0.1:1' },
  kubo: { id: 'kubo', url: 'http://127.0.0.1:1' },
}

describe('provider registry', () => {
  it.each(PROVIDER_IDS)('%s builds, and takes uploads exactly when the config says so', (id) => {
    const config =
      CONFIGS[id] ??
      ({ id, endpoint: 'http://127.0.0.1:1', auth: bearer } as Extract<
        ProviderConfig,
        { endpoint: string }
      >)
    const c = capabilitiesOf(createProvider(config, testDeps([]).deps))
    expect(c.uploadCar || c.uploadFiles).toBe(UPLOADERS.includes(id))
    expect(c).toMatchObject({ pinByCid: true, status: true, unpin: true })
    expect(c.list).toBe(id !== 'kubo')
  })
})
