/**
 * The CAR bytes themselves, pinned: root CID and SHA-256 of the whole CAR file for every tree in
 * test/support/car-trees.ts under every profile (and small-chunk variants that make deep DAGs
 * and HAMTs cheap), with and without the wrapping directory. The expected values were recorded
 * from the engine before the performance work (ipfs-unixfs-importer driving every file), so a
 * faster engine must write the same blocks in the same order, byte for byte: with its reading
 * threads started from the first job, and with none.
 *
 * Not pinned: directories where two files over 1 MiB share a batch of 50 entries. The
 * importer-driven engine interleaved their blocks by I/O timing, so those CARs differed from run
 * to run (docs/cid-engine.md, "Block order").
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeCar } from '../../src/content/car.js'
import { collect } from '../../src/content/collect.js'
import { buildDag } from '../../src/content/dag.js'
import { CAR_PROFILES, carCases, carTrees } from './car-trees.js'
import { scratch, writeTree } from './fs-tree.js'

/** `<root cid> <first 16 hex digits of the CAR's SHA-256>`, recorded before the change. */
const EXPECTED: Readonly<Record<string, string>> = {
  'site/unixfs-v1-2025/nowrap':
    'bafybeihohh6gqzivaocmytppb3hulzf4lpbziypnxoci4inq5w2rgahwuq 71de9913c7c30805',
  'site/unixfs-v1-2025/wrap':
    'bafybeiep2dohdvv3bnflkvtp4m2vihmt46dnk6tlqrywzhrofhp3s6kauy a473a81c87e77e25',
  'site/unixfs-v0-2015/nowrap': 'QmZae3Ns9nnGQMijdZbAShCBvT5JF9c2C8ir33H1ws1V7u 7d685ab8f818a3de',
  'site/unixfs-v0-2015/wrap': 'QmatAuz3M69Vz2vXhjypWK5wcCxMAP4qrKsrnCQQTxtowF 55ce31eaa074e868',
  'site/kubo-cid-v1/nowrap':
    'bafybeibh2nvufgn7dvlnjtvp3u5fb3hna6bvtqg5pbevzob2dqjzaj35ee 97249f0d8e707aee',
  'site/kubo-cid-v1/wrap':
    'bafybeib3lbanxyliww5chuhs2bwrfyaxjod75vz6pfc2y6reey7u3km7am b17188529049e432',
  'site/tiny-v0/nowrap': 'QmPuDeZftGG7HVbvLcXFQj6ibydQVjR5xK7o2F4CzvDwHu 34d9defa9ccc7223',
  'site/tiny-v1/nowrap':
    'bafybeiaypqbnrrqpz5syopatezz2emax4epaekzkuqpfbfutjdd2vrqp4a a24ac470e151264d',
  'site/v0-raw-leaves/nowrap': 'QmVeJ7PevMLub6g9ZSRvsicRLPuhW7odn1hyq7XVC7ULM1 a68cdfdbd1b9d409',
  'batches/unixfs-v1-2025/nowrap':
    'bafybeigoretst4w274rhexdcq2ihwzqqjrywshhs2lkhytx5z4sihh6oqu 5ece3f98c92190b9',
  'batches/unixfs-v1-2025/wrap':
    'bafybeigkhi7ry6dmpsnd5qwog7xlmddu3ocz7wll5p46ryj4cyerqlfw4y 2b89700f3ae82299',
  'batches/unixfs-v0-2015/nowrap':
    'QmcC9Q5DK49QKRSVNuDwdwHvGAso5nvviu3ynsMebBEX99 9e4c69276aa6bece',
  'batches/unixfs-v0-2015/wrap': 'QmbhfkyPhHZ81NR4ZJtAs2CmJwGsP9F2XL626CLWXTFPTf 82ee5cb54ff59c11',
  'batches/kubo-cid-v1/nowrap':
    'bafybeiayeqynpzhyutxkwsvoonbv6yerwpxdr3j4cdvyupvwlcs3lwquge b7ab15d11664b4e3',
  'batches/kubo-cid-v1/wrap':
    'bafybeihntb6cx5fu5sj4flyn754gxliruyhz5ypugtdeo3bcgal6kflfs4 f052371f9ae46b87',
  'batches/tiny-v0/nowrap': 'Qmdjxjsqby46DWc9e17mfNbAbSdNXJtsE8LjDRhMCvPQnm 4828b0177d010832',
  'batches/tiny-v1/nowrap':
    'bafybeicufxw22b4pb4l5tmivmxz3ave6u7bp2zjxtmcgqyfml3bsfxbu7i 89fca91f473fe8a4',
  'batches/v0-raw-leaves/nowrap': 'QmYKg8vZksVh5sbfcjfAjGveXH7hTguwbKke9d4Ho8Q2ty 13737f5acaab3785',
  'wide/unixfs-v1-2025/nowrap':
    'bafybeid2vst5ms5dv6emg7lhtatzdle4yipql6dkfgjmll6pwfr3fm4264 d07ed4a8857d8fc4',
  'wide/unixfs-v0-2015/nowrap': 'QmbNtYuPpT5uryE2sKguQtL9otduJMCeCmW6VgCvD6yaRm 12054f80947d77e2',
  'wide/kubo-cid-v1/nowrap':
    'bafybeid2vst5ms5dv6emg7lhtatzdle4yipql6dkfgjmll6pwfr3fm4264 d07ed4a8857d8fc4',
  'wide/tiny-v0/nowrap': 'QmbNtYuPpT5uryE2sKguQtL9otduJMCeCmW6VgCvD6yaRm 12054f80947d77e2',
  'wide/tiny-v1/nowrap':
    'bafybeid2vst5ms5dv6emg7lhtatzdle4yipql6dkfgjmll6pwfr3fm4264 d07ed4a8857d8fc4',
  'wide/v0-raw-leaves/nowrap': 'QmeEgeZvmgCmSy1q3xXkDHrqnf3oypXFskAkgfwo9xU87s 83ecaa4c918c07c4',
  'file-0/unixfs-v1-2025/nowrap':
    'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku 50e7408f2eeee58f',
  'file-0/unixfs-v1-2025/wrap':
    'bafybeihfsfq3thmbuxj3p3wmnhzzcnnmo3d7ju7a4asfqtewg7pi5dzgrm c3997889e08a2e00',
  'file-0/unixfs-v0-2015/nowrap': 'QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH 5e221b2aa26032e3',
  'file-0/unixfs-v0-2015/wrap': 'QmNTSmPH3DdPJjChNHNeQ9ZwLQ8JgkznpML5HtZmiqixHA c17a139c3fb285c2',
  'file-0/kubo-cid-v1/nowrap':
    'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku 50e7408f2eeee58f',
  'file-0/kubo-cid-v1/wrap':
    'bafybeihfsfq3thmbuxj3p3wmnhzzcnnmo3d7ju7a4asfqtewg7pi5dzgrm c3997889e08a2e00',
  'file-0/tiny-v0/nowrap': 'QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH 5e221b2aa26032e3',
  'file-0/tiny-v1/nowrap':
    'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku 50e7408f2eeee58f',
  'file-0/v0-raw-leaves/nowrap':
    'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku 50e7408f2eeee58f',
  'file-1k/unixfs-v1-2025/nowrap':
    'bafkreig4zqro3whveygvnbdkqnhwkwzeggbmvn7sesyp6m776twjovxzgy 4b498d6045f526d6',
  'file-1k/unixfs-v1-2025/wrap':
    'bafybeien3blsfiehazy4jtk6yuzcsidfcbdtiokbld6y5ysysiiyz2crve 0643449bf2df7a88',
  'file-1k/unixfs-v0-2015/nowrap':
    'QmNibJWvgnBeqnptPbEgNMsRwEK3Yy72HXASpJ6M9LbbKd 64981911ffd2cbb8',
  'file-1k/unixfs-v0-2015/wrap': 'QmNZ3cDy3PvhAGVsdAW7beUeVaGVrykZZsyMPYE1jXfsBQ f7f1457034e57ef0',
  'file-1k/kubo-cid-v1/nowrap':
    'bafkreig4zqro3whveygvnbdkqnhwkwzeggbmvn7sesyp6m776twjovxzgy 4b498d6045f526d6',
  'file-1k/kubo-cid-v1/wrap':
    'bafybeien3blsfiehazy4jtk6yuzcsidfcbdtiokbld6y5ysysiiyz2crve 0643449bf2df7a88',
  'file-1k/tiny-v0/nowrap': 'QmNibJWvgnBeqnptPbEgNMsRwEK3Yy72HXASpJ6M9LbbKd 64981911ffd2cbb8',
  'file-1k/tiny-v1/nowrap':
    'bafkreig4zqro3whveygvnbdkqnhwkwzeggbmvn7sesyp6m776twjovxzgy 4b498d6045f526d6',
  'file-1k/v0-raw-leaves/nowrap':
    'bafkreig4zqro3whveygvnbdkqnhwkwzeggbmvn7sesyp6m776twjovxzgy 4b498d6045f526d6',
  'file-5m/unixfs-v1-2025/nowrap':
    'bafybeig24ks4ub4q6yb35iulbtmvkzl7nzspianqdzm2oppgs745fdogfa daeafdcc5a727681',
  'file-5m/unixfs-v1-2025/wrap':
    'bafybeig4v7cmzl5u3sayovwkz4fffoxedae2tlasgvzcvnwynrxjemlbva 17d7889e9cb706c9',
  'file-5m/unixfs-v0-2015/nowrap':
    'QmeF2ppPLscPMACNYGyXyEZHfJeHucN3gjeSRx16GEAyMo 44f8f20486218ca4',
  'file-5m/unixfs-v0-2015/wrap': 'QmazAVCcvL2GtQ7VvZka5KbhzuBtih8qMtFgBbZMbopPky 3685d6ae738542f1',
  'file-5m/kubo-cid-v1/nowrap':
    'bafybeibhvqyxhpbn4ov5scxrq5k4yboe2q2kgyoamo5oef7jowacj2bx4i 297b96d808596b90',
  'file-5m/kubo-cid-v1/wrap':
    'bafybeie3cbnsp73gqguf6wgwwa22pofwfxh36epitjrimmn3q2lyac7o2y 2215e47865a4b542',
  'file-5m/tiny-v0/nowrap': 'QmY9Np4yw6BrT2QXx26sGZQQQvZTDaqs8ie13oqHXSRGKp 57fbed166e57b108',
  'file-5m/tiny-v1/nowrap':
    'bafybeicj6dezk5yr4hgniirmd3gs6rgh2z3pc7yju7vicaypdfeks6t66a 1a3e48f33b826dca',
  'file-5m/v0-raw-leaves/nowrap': 'QmR1Wu41vCbGE7kRKTECCrXYxkKU6BM2HciGFirSiu4m85 55f79cd92d4d8cf9',
  'file-44m/unixfs-v1-2025/nowrap':
    'bafybeibdy2m5ei2x4rjqe4kyfuvbq7dqnoljwumlvxjbghahyjawv5wpuq ddfd28f78980e384',
  'file-44m/unixfs-v1-2025/wrap':
    'bafybeifou3awdyrtfjb5f65vzqnxejylsefxbzzzswupznwlbl5j5jw57i 6684c4133c0096f2',
  'file-44m/unixfs-v0-2015/nowrap':
    'QmTTS6L9SPx4nsNfEdVzJYdpomUp6WsxC4DxtVs8Zd4kCu 33b29c35a7da057f',
  'file-44m/unixfs-v0-2015/wrap': 'QmVmtXM65ktbgjivH7AzbBAneEHw7sVrXiUDxMqpH9nVeH 2ec9d94d7a9fb86d',
  'file-44m/kubo-cid-v1/nowrap':
    'bafybeiasnzpykhwboy763ma3y5uy7x36oszteiskbmswkfzgtca2k5h73i 30bf2fdc388840aa',
  'file-44m/kubo-cid-v1/wrap':
    'bafybeid4njsfrwe77c3xxe4v4kvsaayuwpfzg76sthqhf6tarn5i3nkisq 96d776781aa1f05f',
  'file-44m/v0-raw-leaves/nowrap':
    'QmcfdnXSKPyiNtzJZhR5Mb9HYQdytSW7D64UHUNGWKJJYD 803a46c660a9e2d9',
}

const trees = carTrees()

/**
 * The trees, in two groups of about equal work, one per test file, so the two run side by side:
 * test/car-bytes.test.ts pins the first, test/car-bytes-more.test.ts the second.
 */
export const CAR_BYTES_GROUPS: readonly (readonly string[])[] = [
  ['site', 'batches', 'file-5m'],
  ['wide', 'file-0', 'file-1k', 'file-44m'],
]

/** Pins the CAR bytes of the trees of one group (one `describe` per tree). */
export function pinCarBytes(group: number): void {
  const tmp = scratch(`car-bytes-${group}`)
  afterAll(tmp.remove)
  const roots = new Map<string, string>()
  function rootOf(name: string): string {
    let root = roots.get(name)
    if (root === undefined) {
      const t = trees.find((x) => x.name === name)
      if (t === undefined) throw new Error(`no tree ${name}`)
      // The directory is named after the tree: a wrapping directory links it by that name.
      root = writeTree(path.join(tmp.root, name), t.spec)
      if (t.file !== undefined) root = path.join(root, t.file)
      roots.set(name, root)
    }
    return root
  }

  const collections = new Map<string, ReturnType<typeof collect>>()
  /** The tree's collection, walked once for all its cases (the engine only reads it). */
  function collected(name: string): ReturnType<typeof collect> {
    let c = collections.get(name)
    if (c === undefined) {
      c = collect({ path: rootOf(name), include: [], exclude: [], hiddenFiles: 'include' })
      collections.set(name, c)
    }
    return c
  }

  /** Threads from the first job on, or this thread only: the blocks and their order are the same. */
  const MODES = {
    threads: { threads: 2, pool: { mode: 'threads' } },
    'one thread': { threads: 0 },
  } as const
  const inOneThread = (key: string): boolean =>
    /^(site|batches|file-5m)\/(unixfs-v1-2025|unixfs-v0-2015|kubo-cid-v1)\//.test(key)
  /**
   * A file of 0 or 1,024 bytes is one job: threads (which cost tens of milliseconds to start) are
   * tried on two profiles, the others run on this thread.
   */
  const tinyFile = (key: string): boolean => /^file-(0|1k)\//.test(key)
  const inThreads = (key: string): boolean =>
    !tinyFile(key) || /^file-(0|1k)\/(unixfs-v1-2025|unixfs-v0-2015)\/nowrap$/.test(key)

  describe('groups', () => {
    it('cover every tree once', () => {
      expect([...(CAR_BYTES_GROUPS[group] ?? [])].length).toBeGreaterThan(0)
      expect(CAR_BYTES_GROUPS.flat().sort()).toEqual(trees.map((t) => t.name).sort())
    })
  })
  describe.each([...(CAR_BYTES_GROUPS[group] ?? [])])('CAR bytes of %s', (name) => {
    const cases = carCases()
      .filter((k) => k.startsWith(`${name}/`))
      .flatMap((k) => [
        ...(inThreads(k) ? [[k, 'threads'] as const] : []),
        ...(inOneThread(k) || !inThreads(k) ? [[k, 'one thread'] as const] : []),
      ])
    it.each(cases)('%s (%s)', async (key, mode) => {
      const [, profile = '', wrap] = key.split('/')
      const params = CAR_PROFILES[profile]
      expect(params, profile).toBeDefined()
      if (params === undefined) return
      const c = await collected(name)
      const carPath = `${tmp.next('car')}.car`
      const opts = { wrapWithDirectory: wrap === 'wrap', ...MODES[mode] }
      const res = await writeCar(c, params, carPath, opts)
      const sha = createHash('sha256').update(readFileSync(carPath)).digest('hex').slice(0, 16)
      expect(`${res.root.toString()} ${sha}`).toBe(EXPECTED[key])
      // CID only (no CAR) agrees, once per key, on this thread (test/engine.test.ts runs it on
      // threads): each set of threads costs tens of milliseconds to start.
      if (mode === 'threads' || !inThreads(key)) {
        const dag = await buildDag(c, params, {
          wrapWithDirectory: opts.wrapWithDirectory,
          threads: 0,
        })
        expect(dag.root.toString()).toBe(res.root.toString())
      }
    })
  })
}
