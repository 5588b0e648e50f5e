/**
 * The workflow commands the GitHub Actions runner would act on in a step's output, read the way
 * the runner reads them (actions/runner: ActionCommandManager.TryProcessCommand and
 * ActionCommand.TryParseV2 / TryParse; see docs/untrusted-text.md):
 *
 * - the output is split into lines on `\r\n`, `\r` and `\n`;
 * - `::name props::data` counts after leading white space is trimmed;
 * - the legacy `##[name props]data` counts anywhere in a line;
 * - after `stop-commands`, nothing counts until a line names the token it gave.
 *
 * The runner acts only on the command names it knows; this reads every name, which can only
 * find more.
 */
export interface WorkflowCommand {
  readonly command: string
  readonly data: string
  readonly line: string
}

const unescapeData = (s: string): string =>
  s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')

function v2(line: string): WorkflowCommand | undefined {
  // .NET's TrimStart: every Unicode white space, U+0085 included.
  const t = line.replace(/^[\s\u0085]+/u, '')
  if (!t.startsWith('::')) return undefined
  const end = t.indexOf('::', 2)
  if (end < 0) return undefined
  const command = t.slice(2, end).split(' ')[0] ?? ''
  if (command === '') return undefined
  return { command, data: unescapeData(t.slice(end + 2)), line }
}

function v1(line: string): WorkflowCommand | undefined {
  const start = line.indexOf('##[')
  if (start < 0) return undefined
  const end = line.indexOf(']', start)
  if (end < 0) return undefined
  const command = line.slice(start + 3, end).split(' ')[0] ?? ''
  if (command === '') return undefined
  return { command, data: line.slice(end + 1), line }
}

/** Every command the runner would process, in order (a `stop-commands` itself included). */
export function workflowCommands(output: string): WorkflowCommand[] {
  const found: WorkflowCommand[] = []
  let stopToken: string | undefined
  for (const line of output.split(/\r\n|\r|\n/)) {
    const cmd = v2(line) ?? v1(line)
    if (cmd === undefined) continue
    if (stopToken !== undefined) {
      if (cmd.command.toLowerCase() === stopToken.toLowerCase()) stopToken = undefined
      continue
    }
    if (cmd.command.toLowerCase() === 'stop-commands') stopToken = cmd.data
    found.push(cmd)
  }
  return found
}
