/**
 * What provider descriptors share to read their inputs: a required input, a URL, Bearer and
 * Basic credentials (each derived header value registered as a secret), and optional auth.
 * Every failure is an `InputError` naming the input, before any network call.
 */
import type { InputName } from './action-spec.generated.js'
import { parseBasicAuth, parseHttpUrl } from './parse.js'
import { InputError } from '../errors.js'
import type { HttpAuth } from '../http/auth.js'
import type { ReadContext } from './plugin.js'

/** The input's value; an error naming it (and why it is needed) when unset. */
export function need(ctx: ReadContext, name: InputName, why: string): string {
  const v = ctx.raw(name)
  if (v === '') throw new InputError(name, `Input "${name}" is required for ${why}.`)
  return v
}

/** A required http(s) URL input. */
export const needUrl = (ctx: ReadContext, name: InputName, why: string): string =>
  parseHttpUrl(name, need(ctx, name, why))

export function bearer(ctx: ReadContext, token: string): HttpAuth {
  ctx.secret(`Bearer ${token}`)
  return { kind: 'bearer', token }
}

export function basic(ctx: ReadContext, name: InputName): HttpAuth {
  const { username, password } = parseBasicAuth(name, ctx.raw(name))
  ctx.secret(password)
  ctx.secret(Buffer.from(`${username}:${password}`).toString('base64'))
  return { kind: 'basic', username, password }
}

/** Optional Basic (`user:password`) or Bearer auth, never both. */
export function optionalAuth(
  ctx: ReadContext,
  basicName: InputName,
  tokenName: InputName,
): HttpAuth | undefined {
  if (ctx.raw(basicName) !== '' && ctx.raw(tokenName) !== '')
    throw new InputError(
      tokenName,
      `Inputs "${basicName}" and "${tokenName}" cannot be used together: set one of them.`,
    )
  if (ctx.raw(basicName) !== '') return basic(ctx, basicName)
  if (ctx.raw(tokenName) !== '') return bearer(ctx, ctx.raw(tokenName))
  return undefined
}
