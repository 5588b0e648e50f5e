/**
 * The README's pictures, from a real run: `npm run docs:pictures` runs the action's `run()` on
 * examples/planets as a pull request's preview deploy, against the local doubles the tests use
 * (IPFS Cluster, a Pinning Service API service, the GitHub API), takes the job summary it wrote
 * and the pull-request comment it posted, and renders both as SVG (scripts/markdown-svg.mjs).
 * What changes from run to run (durations, the runner's temp directory) is set to fixed
 * values first, so the same code gives the same bytes.
 *
 *   npm run docs:pictures              writes docs/pictures/{summary,pr-comment}.{md,svg}
 *   npm run docs:pictures -- --check   exits 1 when they differ from what the code gives now
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startClusterDouble } from '../test/doubles/cluster.js'
import { startGithubDouble } from '../test/doubles/github.js'
import { startPsaDouble } from '../test/doubles/psa.js'
import { ROOT, runActionInProcess } from '../test/support/action-harness.js'
import { markdownSvg } from './markdown-svg.mjs'

const TOKEN = 'ghs_picturesToken00000000000000000000001'
const PSA_TOKEN = 'pictures-psa-token'
const SHA = '4f2c9e1b7a3d5e6f8091a2b3c4d5e6f708192a3b'
const OUT = path.join(ROOT, 'docs', 'pictures')

/** Runs the preview deploy; returns the summary and the comment, as Markdown. */
export async function realOutput(): Promise<{ summary: string; comment: string }> {
  const gh = await startGithubDouble(TOKEN)
  const cluster = await startClusterDouble()
  const psa = await startPsaDouble(PSA_TOKEN)
  try {
    const dir = mkdtempSync(path.join(tmpdir(), 'pictures-'))
    const event = path.join(dir, 'event.json')
    writeFileSync(
      event,
      JSON.stringify({
        action: 'synchronize',
        number: 42,
        pull_request: {
          number: 42,
          head: { sha: SHA, ref: 'new-landing-page', repo: { full_name: 'acme/site' } },
          base: { repo: { full_name: 'acme/site' } },
        },
      }),
    )
    const res = await runActionInProcess(
      {
        path: 'examples/planets',
        provider: 'cluster, psa',
        'cluster-url': cluster.url,
        'psa-endpoint': psa.url,
        'psa-token': PSA_TOKEN,
        'github-token': TOKEN,
        'pr-comment': 'true',
        'unpin-previous': 'true',
      },
      {
        cwd: ROOT,
        env: {
          GITHUB_API_URL: gh.url,
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_EVENT_PATH: event,
          GITHUB_WORKFLOW: 'Preview',
          GITHUB_SHA: SHA,
        },
      },
    )
    if (res.code !== 0) throw new Error(`the run failed:\n${res.stdout}`)
    const comment = gh.comments.get(42)?.[0]?.body
    if (comment === undefined) throw new Error('the run posted no comment')
    return { summary: steady(res.summary), comment: steady(comment) }
  } finally {
    await Promise.all([gh.close(), cluster.close(), psa.close()])
  }
}

/** What varies between runs, made fixed: durations, the temp directory, the double's ports. */
export function steady(markdown: string): string {
  return markdown
    .replace(/<!-- ipfs-pin-action[-:][^>]*-->\n?/g, '')
    .replace(/\b\d+\.\d s\b/g, '0.4 s')
    .replace(/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\b/g, '2026-12-01T12:00:00Z')
    .replace(/`[^`\n]*ipfs-pin-action\/`/g, '`/home/runner/work/_temp/ipfs-pin-action/`')
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, 'https://cluster.example.org:9094')
}

export interface Pictures {
  readonly [file: string]: string
}

export async function pictures(): Promise<Pictures> {
  const { summary, comment } = await realOutput()
  return {
    'summary.md': summary,
    'pr-comment.md': comment,
    'summary.svg': markdownSvg(summary, {
      title: 'Preview',
      caption: 'summary · ipfs-pin-action on pull request #42',
    }),
    'pr-comment.svg': markdownSvg(comment, {
      title: 'github-actions',
      caption: 'bot commented on pull request #42',
      width: 620,
    }),
  }
}

async function main(): Promise<void> {
  const want = await pictures()
  const check = process.argv.includes('--check')
  const stale: string[] = []
  for (const [file, text] of Object.entries(want)) {
    const at = path.join(OUT, file)
    let have = ''
    try {
      have = readFileSync(at, 'utf8')
    } catch {
      /* missing is stale */
    }
    if (have === text) continue
    stale.push(`docs/pictures/${file}`)
    if (!check) writeFileSync(at, text)
  }
  if (check && stale.length > 0) {
    console.error(`Out of date: ${stale.join(', ')}. Run \`npm run docs:pictures\`.`)
    process.exit(1)
  }
  if (!check) console.log(stale.length > 0 ? `Updated ${stale.join(', ')}` : 'Up to date')
}

if (process.argv[1]?.endsWith('pictures.ts')) await main()
