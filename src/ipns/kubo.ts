/**
 * IPNS through a Kubo node you run (docs/names/kubo-names.md): the record signed in CI is given
 * to the node with `routing/put` (multipart `value-file`), so the key never reaches the node;
 * the node stores it and announces it. `routing/get` reads the record the node finds (its
 * `Extra` is the record in base64) and `name/resolve` what the name resolves to through it.
 * The node's address and credentials are the Kubo provider's inputs (`kubo-url`, `kubo-token`
 * or `kubo-basic-auth`).
 */
import { authHeader } from '../http/auth.js'
import { createHttpClient, type HttpResponse, type RequestSpec } from '../http/client.js'
import { formRequest } from '../http/multipart.js'
import { kubo, type KuboOptions } from '../providers/kubo.js'
import type { ProviderDeps } from '../http/deps.js'
import { definePublisher, type NameTarget, type PublisherOptions } from './types.js'

export interface KuboPublisherOptions extends PublisherOptions {
  readonly id: 'kubo'
  readonly node: KuboOptions
}

export const kuboPublisher = definePublisher({
  family: 'ipns-publish',
  id: 'kubo',
  title: "The Kubo node at `kubo-url`, with the `kubo` provider's credentials (`routing/put`)",
  docs: 'docs/names/kubo-names.md',
  // The node's inputs belong to the Kubo provider; this publisher reads them through it.
  inputs: [],
  credentials: kubo.credentials,
  credentialsOptional: true,
  traits: {},
  read: (ctx): KuboPublisherOptions => ({ id: 'kubo', node: kubo.read(ctx) }),
  create: (o: KuboPublisherOptions, deps) => [kuboTarget(o.node, deps)],
})

const message = (text: string): string => {
  try {
    const v = JSON.parse(text) as { Message?: unknown }
    return typeof v.Message === 'string' ? v.Message : ''
  } catch {
    return ''
  }
}

/**
 * The node found no record: exactly Kubo's "routing: not found" (read), or "could not resolve
 * name" (resolve). Other words ("failed to find any peer in table": no peers) are failures.
 */
const NOT_FOUND = /^(routing: not found|could not resolve name\b.*)$/i
/** The node refuses to put while offline: sending again cannot help. */
const OFFLINE = /offline/i

export function kuboTarget(node: KuboOptions, deps: ProviderDeps): NameTarget {
  const http = createHttpClient({
    ...deps,
    credentials: node.credentials ?? kubo.credentials,
    provider: 'kubo',
    baseUrl: `${node.url}/api/v0`,
    headers: authHeader(node.auth, deps.setSecret),
  })
  const answered = (status: number, body: string): boolean =>
    status === 500 && (NOT_FOUND.test(message(body).trim()) || OFFLINE.test(message(body)))
  const refusal = (res: HttpResponse): string | undefined =>
    res.status === 500 ? message(res.text) || 'error' : undefined
  /** A read (`routing/get`, `name/resolve`): undefined when the node found nothing. */
  const lookup = <T>(
    spec: Pick<RequestSpec<T>, 'path' | 'query' | 'signal'> & {
      operation: 'ipns-read' | 'ipns-resolve'
    },
    decode: (res: HttpResponse) => T,
  ): Promise<T | undefined> =>
    http.request({ ...spec, method: 'POST', accept: answered }, (res) => {
      const refused = refusal(res)
      if (refused === undefined) return decode(res)
      if (NOT_FOUND.test(refused.trim())) return undefined
      throw http.fail(spec.operation, `the node said: ${http.said(refused)}`, res.status)
    })

  return {
    label: 'kubo',
    async get(name, opts) {
      return lookup(
        {
          operation: 'ipns-read',
          path: '/routing/get',
          query: { arg: `/ipns/${name}` },
          signal: opts?.signal,
        },
        (res) => {
          // Routing events; the record is the Extra of a Value event (Type 5).
          const events = http.lines('ipns-read', res, 'node') as Array<{
            Type?: unknown
            Extra?: unknown
          }>
          const extra = events
            .filter((e) => e.Type === 5)
            .map((e) => e.Extra)
            .find((x) => typeof x === 'string' && x !== '')
          if (typeof extra !== 'string')
            throw http.malformed(
              'ipns-read',
              `the answer holds no record: ${http.said(res.text)}`,
              res,
            )
          return Buffer.from(extra, 'base64')
        },
      )
    },
    async put(name, record, opts) {
      const form = formRequest(() => [
        {
          name: 'value-file',
          filename: 'record',
          contentType: 'application/octet-stream',
          size: record.length,
          content: () => record,
        },
      ])
      await http.request(
        {
          operation: 'ipns-publish',
          method: 'POST',
          path: '/routing/put',
          query: { arg: `/ipns/${name}` },
          headers: form.headers,
          body: form.body,
          accept: answered,
          signal: opts?.signal,
        },
        (res) => {
          const refused = refusal(res)
          if (refused !== undefined)
            throw http.fail(
              'ipns-publish',
              OFFLINE.test(refused)
                ? `the node is offline and keeps records to itself (${http.said(refused)}); start it online to publish`
                : `the node said: ${http.said(refused)}`,
              res.status,
            )
          // The answer is a stream of routing events; an error event is a failure.
          const events = http.lines('ipns-publish', res, 'node') as Array<{
            Type?: unknown
            Extra?: unknown
          }>
          const error = events.find((e) => e.Type === 3)
          if (error !== undefined)
            throw http.fail(
              'ipns-publish',
              `the node reported: ${http.said(typeof error.Extra === 'string' ? error.Extra : JSON.stringify(error))}`,
            )
        },
      )
    },
    async resolve(name, opts) {
      return lookup(
        {
          operation: 'ipns-resolve',
          path: '/name/resolve',
          query: { arg: `/ipns/${name}`, recursive: false, nocache: true },
          signal: opts?.signal,
        },
        (res) => {
          const { Path } = http.parse<{ Path?: unknown }>('ipns-resolve', res)
          if (typeof Path !== 'string')
            throw http.malformed(
              'ipns-resolve',
              `the answer names no path: ${http.said(res.text)}`,
              res,
            )
          return Path
        },
      )
    },
  }
}
