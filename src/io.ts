/**
 * What `run` needs from its host, so the action (`@actions/core`, action-io.ts) and the CLI
 * (stderr, files) share every line of logic: logging with secret masking, outputs, and the job
 * summary.
 *
 * Every message a host prints is masked, then made inert (`inertLog`): whatever a file name or a
 * provider answer holds, no printed line is a workflow command.
 */
import { appendFileSync, statSync, writeFileSync } from 'node:fs'
import { InputError } from './errors.js'
import { dotenvLine, inertLog } from './text.js'

export interface Logger {
  info(message: string): void
  warning(message: string): void
  error(message: string): void
  debug(message: string): void
}

export interface Host extends Logger {
  /** Something the run left alone on purpose, worth seeing (an annotation in Actions). */
  notice(message: string): void
  /** Registers a value to be masked in everything printed from now on. */
  setSecret(value: string): void
  setOutput(name: string, value: string): void
  /** Writes the run's Markdown summary (the job summary in Actions). */
  writeSummary(markdown: string): Promise<void>
}

/** Replaces every registered secret (longest first, so a secret containing another is masked whole). */
export function masker(): { add(v: string): void; mask(text: string): string } {
  const secrets: string[] = []
  return {
    add(v) {
      // Very short values would mask ordinary text everywhere; the Actions runner ignores them too.
      if (v.length < 3 || secrets.includes(v)) return
      secrets.push(v)
      secrets.sort((a, b) => b.length - a.length)
    },
    mask(text) {
      let out = text
      for (const s of secrets) out = out.split(s).join('***')
      return out
    },
  }
}

/**
 * Name of an output in the CLI's `--outputs-file`: `cid` → `IPFS_PIN_OUT_CID`. Distinct from the
 * `IPFS_PIN_<INPUT>` variables the CLI reads, so passing the file on to a later job (GitLab's
 * dotenv reports) cannot turn an output into an input.
 */
export const outputEnvName = (name: string): string =>
  `IPFS_PIN_OUT_${name.toUpperCase().replace(/-/g, '_')}`

/** Outputs that hold JSON: in the `--outputs-file` JSON file only, never in the dotenv file. */
export const JSON_OUTPUTS: readonly string[] = ['results', 'unpinned', 'dnslink', 'ipns']

/** The most bytes GitLab takes in a dotenv report (docs.gitlab.com, artifacts:reports:dotenv). */
export const DOTENV_LIMIT = 5120

/** The JSON file beside an outputs file: `ipfs-pin.env` → `ipfs-pin.json`. */
export function outputsJsonPath(outputsFile: string): string {
  const dot = outputsFile.lastIndexOf('.')
  const slash = Math.max(outputsFile.lastIndexOf('/'), outputsFile.lastIndexOf('\\'))
  const base = dot > slash + 1 ? outputsFile.slice(0, dot) : outputsFile
  const json = `${base}.json`
  return json === outputsFile ? `${outputsFile}.outputs.json` : json
}

/** The outputs as one JSON object: the JSON outputs parsed, the others as strings. */
function outputsJson(outputs: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(outputs)) {
    if (!JSON_OUTPUTS.includes(k) || v === '') {
      out[k] = v
      continue
    }
    try {
      out[k] = JSON.parse(v) as unknown
    } catch {
      out[k] = v
    }
  }
  return out
}

/**
 * The CLI host: logs to stderr (stdout carries the CID, so `CID=$(ipfs-pin …)` works), outputs
 * to an optional dotenv file, the summary to an optional Markdown file. Logs are masked and inert
 * (the CLI may run in an Actions `run:` step, whose stderr the runner reads for commands too);
 * outputs hold the real values, as the action's do: masking is for what is printed.
 */
export function cliHost(opts: {
  outputsFile?: string
  summaryFile?: string
  debug?: boolean
  stderr?: (line: string) => void
}): Host & { outputs: Record<string, string> } {
  const m = masker()
  const write = opts.stderr ?? ((line: string) => process.stderr.write(`${line}\n`))
  const outputs: Record<string, string> = {}
  const jsonFile = opts.outputsFile !== undefined ? outputsJsonPath(opts.outputsFile) : undefined
  if (opts.outputsFile !== undefined) {
    try {
      // The dotenv file names the JSON file first: `IPFS_PIN_OUT_JSON=ipfs-pin.json`.
      writeFileSync(opts.outputsFile, `${outputEnvName('json')}=${jsonFile ?? ''}\n`)
      if (jsonFile !== undefined) writeFileSync(jsonFile, '{}\n')
    } catch (err) {
      throw new InputError(
        'outputs-file',
        `Flag --outputs-file: cannot write ${JSON.stringify(opts.outputsFile)} or ${JSON.stringify(jsonFile)} (${(err as Error).message}).`,
        { cause: err },
      )
    }
  }
  return {
    outputs,
    info: (msg) => write(inertLog(m.mask(msg))),
    warning: (msg) => write(inertLog(m.mask(`warning: ${msg}`))),
    notice: (msg) => write(inertLog(m.mask(`notice: ${msg}`))),
    error: (msg) => write(inertLog(m.mask(`error: ${msg}`))),
    debug: (msg) => {
      if (opts.debug === true) write(inertLog(m.mask(`debug: ${msg}`)))
    },
    setSecret: (v) => m.add(v),
    setOutput: (name, value) => {
      outputs[name] = value
      if (opts.outputsFile !== undefined && jsonFile !== undefined) {
        // Every output in the JSON file (JSON outputs as JSON); the dotenv file keeps the
        // scalars, so it stays one short line each, under GitLab's 5,120-byte limit.
        writeFileSync(jsonFile, `${JSON.stringify(outputsJson(outputs), null, 2)}\n`)
        if (JSON_OUTPUTS.includes(name)) return
        const { line, lossy } = dotenvLine(outputEnvName(name), value)
        appendFileSync(opts.outputsFile, `${line}\n`)
        const size = statSync(opts.outputsFile).size
        if (size > DOTENV_LIMIT && size - Buffer.byteLength(`${line}\n`) <= DOTENV_LIMIT)
          write(
            inertLog(
              `warning: --outputs-file is now ${size} bytes, over the ${DOTENV_LIMIT} bytes GitLab takes in a dotenv report (output "${name}"); read the outputs from ${jsonFile} instead.`,
            ),
          )
        if (lossy)
          write(
            inertLog(
              `warning: output "${name}" holds a line break, which a dotenv file cannot; --outputs-file has it with spaces instead.`,
            ),
          )
      }
    },
    writeSummary: async (md) => {
      if (opts.summaryFile !== undefined) writeFileSync(opts.summaryFile, m.mask(md))
      return Promise.resolve()
    },
  }
}
