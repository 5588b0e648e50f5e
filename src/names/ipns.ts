/**
 * The IPNS name as a name kind (src/names/kind.ts): `ipns-key`'s name. Protects what its record
 * points to now; published after a deploy and on `mode: republish` by runs the decision lets
 * (never a pull request's); a cleanup never retires it.
 */
import type { Config } from '../config/types.js'
import type { IpnsConfig } from '../ipns/publish.js'
import { protectedBy, type KindStep, type NameEnv, type NameKind } from './kind.js'

const logTo = (env: NameEnv) => ({
  log: (m: string) => env.host.info(m),
  warn: (m: string) => env.host.warning(m),
})

// Signing and verifying records loads the IPNS libraries: only a run with an IPNS name does.
const publishing = () => import('../ipns/publish.js')

/** Publishes `value` (undefined: the record's own value again, a republish). */
async function publish(
  ipns: IpnsConfig,
  value: string | undefined,
  env: NameEnv,
): Promise<KindStep> {
  const { publishName } = await publishing()
  const r = await publishName(ipns, value, env.session, {
    gateway: env.decision.gateway,
    dryRun: env.decision.dryRun,
    ...logTo(env),
  })
  return { ipns: r, ...(r.failure !== undefined ? { failure: r.failure } : {}) }
}

export function ipnsKind(names: Config['names']): NameKind {
  const ipns: IpnsConfig | undefined = names.ipns
  return {
    id: 'ipns',
    notSet: 'the IPNS name was not published',
    async protects(env) {
      if (ipns === undefined) return { cids: [] }
      const { nameTarget } = await publishing()
      const at = await nameTarget(ipns, env.session)
      if (at.error !== undefined) return { cids: [], error: at.error }
      if (at.value === undefined) return { cids: [] }
      const where = `the IPNS name ${ipns.key.name}`
      const p = protectedBy(at.value, where, ipns.key.name, env.session)
      if (p.error !== undefined) return { cids: [], error: p.error }
      return { cids: p.cid !== undefined ? [{ cid: p.cid, reason: `${where} points to it` }] : [] }
    },
    async set(content, env) {
      // Who may change what was decided at the start; what this run leaves alone was said there.
      if (ipns === undefined || env.decision.may.ipns?.may !== 'publish') return {}
      return publish(ipns, content, env)
    },
    unchanged: () => ({}),
    retire: () => Promise.resolve({}),
    async republish(env) {
      // A fork without the key, a pull request: nothing is republished (said at the start).
      if (ipns === undefined || env.decision.may.ipns?.may !== 'republish') return {}
      return publish(ipns, undefined, env)
    },
  }
}
