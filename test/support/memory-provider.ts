/**
 * An in-memory provider, added the way docs/adding-a-provider.md says (a descriptor, a registry
 * line, a double, one test file calling the contract), for tests only: it lives here and is
 * added to a test registry, so users never see it. Fast unit tests of deploy and cleanup run
 * against it without a network.
 *
 * It keeps one record per CID with every scope's claim on it (src/tags.ts), takes the CAR (its
 * root read from the CAR header, every block's hash checked), pins any CID, lists with labels and
 * rewrites them. `fail` makes an operation throw, `lie` makes it report another CID.
 */
import { createReadStream } from 'node:fs'
import { createHash } from 'node:crypto'
import { CarBlockIterator } from '@ipld/car/iterator'
import type { CID } from 'multiformats/cid'
import { ProviderError } from '../../src/errors.js'
import { defineRegistry } from '../../src/inputs/plugin.js'
import { matchesFilter } from '../../src/providers/list.js'
import { PROVIDERS } from '../../src/providers/registry.js'
import {
  defineProvider,
  type ListedPin,
  type PinInfo,
  type PinTags,
  type Provider,
} from '../../src/providers/types.js'
import { mergedMetadata } from '../../src/tags.js'

interface Record_ {
  name: string
  metadata: Record<string, string>
  created: string
}

/** The double: what the provider holds, and the faults it is told to show. */
export class MemoryStore {
  readonly pins = new Map<string, Record_>()
  /** Operations in the order they were asked (`upload bafy…`, `unpin bafy…`). */
  readonly calls: string[] = []
  /** An operation (`upload`, `pin`, `status`, `list`, `unpin`, `relabel`) that fails. */
  fail?: string
  /** A CID to report instead of the one given. */
  lie?: string
  /** Pin times, from a clock the test drives (ISO strings). */
  now: () => string = () => new Date().toISOString()
  close(): Promise<void> {
    return Promise.resolve()
  }
}

function check(store: MemoryStore, op: string, cid: string): void {
  store.calls.push(`${op} ${cid}`)
  if (store.fail === op)
    throw new ProviderError('memory', 'pin', `memory: ${op} failed: the store was told to fail`, {
      transient: false,
    })
}

function keep(store: MemoryStore, cid: string, tags: PinTags): PinInfo {
  const before = store.pins.get(cid)
  store.pins.set(cid, {
    name: before?.name ?? tags.name,
    metadata:
      before === undefined ? { ...tags.metadata } : mergedMetadata(before.metadata, tags.metadata),
    created: before?.created ?? store.now(),
  })
  return { cid: store.lie ?? cid, state: 'pinned' }
}

export function createMemoryProvider(store: MemoryStore): Provider {
  return {
    id: 'memory',
    async uploadCar(car, tags) {
      check(store, 'upload', car.root.toString())
      const blocks = await CarBlockIterator.fromIterable(createReadStream(car.path))
      const [root] = await blocks.getRoots()
      for await (const b of blocks) {
        const digest = createHash('sha256').update(b.bytes).digest()
        if (!Buffer.from(b.cid.multihash.digest).equals(digest))
          throw new Error(`memory: block ${b.cid.toString()} does not hash to its CID`)
      }
      if (root === undefined) throw new Error('memory: the CAR names no root')
      return keep(store, root.toString(), tags)
    },
    pin(cid: CID, tags) {
      check(store, 'pin', cid.toString())
      return Promise.resolve(keep(store, cid.toString(), tags))
    },
    status(pin) {
      check(store, 'status', pin.cid)
      return Promise.resolve(
        store.pins.has(pin.cid)
          ? { cid: store.lie ?? pin.cid, state: 'pinned' }
          : { cid: pin.cid, state: 'absent' },
      )
    },
    unpin(pin) {
      check(store, 'unpin', pin.cid)
      return Promise.resolve({ outcome: store.pins.delete(pin.cid) ? 'removed' : 'absent' })
    },
    async *list(filter) {
      check(store, 'list', filter.cid ?? filter.scope ?? '')
      for (const [cid, r] of [...store.pins]) {
        const pin: ListedPin = {
          cid,
          state: 'pinned',
          name: r.name,
          metadata: r.metadata,
          created: r.created,
        }
        if (matchesFilter(filter, r.name, r.metadata, cid)) yield await Promise.resolve(pin)
      }
    },
    relabel(pin, metadata) {
      check(store, 'relabel', pin.cid)
      const r = store.pins.get(pin.cid)
      if (r !== undefined) r.metadata = { ...metadata }
      return Promise.resolve()
    },
  }
}

/** The descriptor: no inputs, no credentials; `create` hands out the store's provider. */
export const memoryProvider = (store: MemoryStore) =>
  defineProvider({
    family: 'provider',
    id: 'memory',
    title: 'an in-memory store (tests only)',
    docs: 'docs/adding-a-provider.md',
    inputs: [],
    credentials: [],
    traits: { kind: 'upload', keepsLabels: true },
    read: () => ({ id: 'memory' as const }),
    create: () => createMemoryProvider(store),
  })

/** The built-in providers and the in-memory one: the one registry line. */
export const withMemory = (store: MemoryStore) =>
  defineRegistry('provider', [...PROVIDERS.all, memoryProvider(store)])
