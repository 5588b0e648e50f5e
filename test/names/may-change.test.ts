/**
 * Who may change what (src/config/may-change.ts), decided once from mode × event × inputs: the
 * table of docs/events.md, row by row, as the pure function computes it.
 */
import { describe, expect, it } from 'vitest'
import type { RunContext } from '../../src/inputs/context.js'
import {
  decideMayChange,
  describeMayChange,
  mayWriteName,
  runEvent,
  type MayChangeInput,
} from '../../src/config/may-change.js'

const base: RunContext = {
  ci: 'github',
  owner: 'acme',
  repo: 'site',
  sha: 'a'.repeat(40),
  ref: 'main',
  apiUrl: 'https://api.github.com',
  serverUrl: 'https://github.com',
  tempDir: '/tmp',
  cwd: '/tmp',
}

const PROD = 'example.org'
const PREVIEW = 'pr-{pr}.preview.example.org'

/** The decision for a workflow with a production name, a preview name and an IPNS name. */
function decide(context: Partial<RunContext>, over: Partial<MayChangeInput> = {}) {
  const ctx = { ...base, ...context }
  const pr = ctx.pr
  return decideMayChange({
    mode: 'deploy',
    context: ctx,
    dryRun: false,
    providers: 1,
    unpinPrevious: true,
    unpinListed: 0,
    scope: pr !== undefined ? `acme/site#pr-${pr}` : 'acme/site@production',
    dnslink: [
      { name: PROD, perPullRequest: false },
      ...(pr !== undefined ? [{ name: `pr-${pr}.preview.example.org`, perPullRequest: true }] : []),
    ],
    dnslinkUnfilled: pr === undefined ? [PREVIEW] : [],
    dns: true,
    dnsSkipped: false,
    ipnsName: 'k51name',
    ipnsSkipped: false,
    report: { prComment: true, commitStatus: true, deployment: true },
    ...over,
  })
}

const rights = (m: ReturnType<typeof decide>): Record<string, string> =>
  Object.fromEntries([
    ...m.names.map((n): [string, string] => [n.name, n.may]),
    ['ipns', m.ipns?.may ?? 'none'],
  ])

describe('what each event may change', () => {
  it.each([
    ['push', { eventName: 'push' }, 'push'],
    ['a tag push', { eventName: 'push', refType: 'tag' as const }, 'tag'],
    ['release', { eventName: 'release', refType: 'tag' as const }, 'release'],
    ['schedule', { eventName: 'schedule' }, 'schedule'],
    ['dispatch', { eventName: 'workflow_dispatch' }, 'dispatch'],
    [
      'a workflow_run started by a push',
      { eventName: 'workflow_run', upstream: { event: 'push', fork: false } },
      'workflow_run',
    ],
  ])('%s sets the production names, skips {pr} names, publishes IPNS', (_, ctx, event) => {
    const m = decide(ctx)
    expect(m.event).toBe(event)
    expect(m.pullRequest).toBeUndefined()
    expect(rights(m)).toEqual({ [PROD]: 'set', [PREVIEW]: 'skip', ipns: 'publish' })
    expect(m.notices).toEqual([
      `This run (${ctx.eventName}) is not for a pull request: the "dnslink" name "${PREVIEW}" was skipped (names with {pr} are set by pull request runs).`,
    ])
    expect(mayWriteName(m, PROD, 'set')).toBe(true)
    expect(m.pins).toMatchObject({ create: true, unpin: 'previous', scope: 'acme/site@production' })
  })

  it.each([
    ['pull_request', { eventName: 'pull_request', pr: 5 }, 'pull_request', false],
    [
      'pull_request from a fork',
      { eventName: 'pull_request', pr: 5, fork: true },
      'fork_pull_request',
      true,
    ],
    [
      'pull_request_target for a fork',
      { eventName: 'pull_request_target', pr: 5, fork: true },
      'pull_request_target',
      true,
    ],
    [
      'a GitLab merge request',
      { ci: 'gitlab' as const, eventName: 'merge_request_event', pr: 5 },
      'pull_request',
      false,
    ],
  ])(
    '%s sets only its own {pr} name, leaves production alone with one notice',
    (_, ctx, event, fork) => {
      const m = decide(ctx)
      expect(m.event).toBe(event)
      expect(m.pullRequest).toEqual({ number: 5, fork })
      expect(rights(m)).toEqual({
        [PROD]: 'keep',
        'pr-5.preview.example.org': 'set',
        ipns: 'keep',
      })
      expect(mayWriteName(m, PROD, 'set')).toBe(false)
      expect(m.notices).toEqual([
        `This run is for pull request #5: "${PROD}" is a production name, left as it is (pull requests set only the "dnslink" names with {pr}).`,
        'This run is for pull request #5: the IPNS name is not published from pull requests (a preview would take it over); it was left as it is.',
      ])
      expect(m.github.refused !== undefined).toBe(fork)
    },
  )

  it('a workflow_run carrying a fork pull request (no number from GitHub) changes no production name', () => {
    const m = decide({
      eventName: 'workflow_run',
      upstream: { event: 'pull_request', fork: true },
    })
    expect(m.pullRequest).toEqual({ fork: true })
    expect(rights(m)).toEqual({ [PROD]: 'keep', [PREVIEW]: 'skip', ipns: 'keep' })
    expect(m.notices[0]).toMatch(/^This run \(workflow_run\) is for a pull request: "example\.org"/)
    // With IPFS_PIN_PR set, as the README says, its own preview name is set.
    const numbered = decide({
      eventName: 'workflow_run',
      upstream: { event: 'pull_request', fork: true },
      pr: 9,
    })
    expect(rights(numbered)).toMatchObject({ [PROD]: 'keep', 'pr-9.preview.example.org': 'set' })
  })

  it('mode: cleanup removes only a pull request’s own names; mode: republish changes no name', () => {
    const closed = decide({ eventName: 'pull_request', pr: 5 }, { mode: 'cleanup' })
    expect(rights(closed)).toEqual({
      [PROD]: 'keep',
      'pr-5.preview.example.org': 'remove',
      ipns: 'keep',
    })
    expect(closed.notices).toEqual([])
    expect(closed.pins).toMatchObject({ create: false, unpin: 'scope' })
    const retired = decide({ eventName: 'workflow_dispatch' }, { mode: 'cleanup' })
    expect(rights(retired)).toEqual({ [PROD]: 'keep', [PREVIEW]: 'skip', ipns: 'keep' })
    const republish = decide({ eventName: 'schedule' }, { mode: 'republish', providers: 0 })
    expect(rights(republish)).toEqual({ [PROD]: 'keep', [PREVIEW]: 'skip', ipns: 'republish' })
    expect(republish.notices).toEqual([])
    expect(republish.pins).toMatchObject({ create: false, unpin: 'none' })
    const prRepublish = decide({ eventName: 'pull_request', pr: 5 }, { mode: 'republish' })
    expect(prRepublish.ipns?.may).toBe('keep')
    expect(prRepublish.notices).toContain(
      'This run is for pull request #5: the IPNS name is not republished from pull requests; it was left as it is.',
    )
  })

  it('tells the events apart from what the CI calls them', () => {
    expect(runEvent({ ...base, eventName: 'push', refType: 'tag' })).toBe('tag')
    expect(runEvent({ ...base, ci: 'gitlab', eventName: 'schedule' })).toBe('schedule')
    expect(runEvent({ ...base, ci: 'gitlab', eventName: 'web' })).toBe('dispatch')
    expect(runEvent({ ...base, ci: 'local' })).toBe('other')
    // A local run given a pull request number is one.
    expect(decide({ ci: 'local', pr: 3 }).pullRequest).toEqual({ number: 3, fork: false })
  })

  it('describes itself for the log and the summary, in the words of a dry run', () => {
    const m = decide({ eventName: 'pull_request', pr: 5 }, { dryRun: true })
    expect(describeMayChange(m)).toEqual([
      ['Run', 'pull_request, pull request #5; mode deploy; dry run: nothing is changed'],
      ['Pins', 'would pin the content; would unpin earlier deployments of scope acme/site#pr-5'],
      [
        'DNSLink',
        'would set pr-5.preview.example.org; left as they are (read to keep what they point to): example.org',
      ],
      ['IPNS', 'k51name: left as it is (read to keep what it points to)'],
      ['GitHub', 'comment, commit status, deployment'],
    ])
  })
})

describe('ENS names and mode: rollback', () => {
  const ens = { ensNames: ['site.eth', 'docs.site.eth'] }
  it('a push and a release set the ENS names; a pull request only reads them, with one notice', () => {
    expect(decide({ eventName: 'push' }, ens).ens).toEqual({ names: ens.ensNames, may: 'set' })
    expect(decide({ eventName: 'release' }, ens).ens?.may).toBe('set')
    const pr = decide({ eventName: 'pull_request', pr: 7 }, ens)
    expect(pr.ens?.may).toBe('keep')
    expect(pr.notices.filter((n) => n.includes('ENS'))).toEqual([
      'This run is for pull request #7: the ENS names "site.eth", "docs.site.eth" are production names, left as they are (pull requests never change an ENS name).',
    ])
    for (const mode of ['cleanup', 'republish'] as const)
      expect(decide({ eventName: 'push' }, { ...ens, mode }).ens?.may).toBe('keep')
    expect(describeMayChange(pr)).toContainEqual([
      'ENS',
      'site.eth, docs.site.eth: left as they are (read to keep what they point to)',
    ])
  })

  it('a rollback sets every name as a deploy does, creates no pin, and may unpin previous', () => {
    const m = decide({ eventName: 'workflow_dispatch' }, { ...ens, mode: 'rollback' })
    expect(rights(m)).toMatchObject({ [PROD]: 'set', ipns: 'publish' })
    expect(m.ens?.may).toBe('set')
    expect(m.pins).toMatchObject({ create: false, unpin: 'previous' })
    expect(mayWriteName(m, PROD, 'set')).toBe(true)
  })

  it('a rollback may record a GitHub Deployment, never for a pull request', () => {
    const m = decide({ eventName: 'workflow_dispatch' }, { mode: 'rollback' })
    expect(m.github.deployment).toBe(true)
    const pr = decide({ eventName: 'pull_request', pr: 7 }, { mode: 'rollback' })
    expect(pr.github).toMatchObject({ deployment: false, comment: true })
    // A pull request's deploy still records its preview's Deployment.
    expect(decide({ eventName: 'pull_request', pr: 7 }).github.deployment).toBe(true)
  })

  it('no ENS names, no ENS row', () => {
    expect(decide({ eventName: 'push' }).ens).toBeUndefined()
  })
})
