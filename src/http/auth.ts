/** Credentials sent in the Authorization header. */
export type HttpAuth =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'bearer'; readonly token: string }

/** The Authorization header for Basic or Bearer auth; the value is registered as a secret. */
export function authHeader(
  auth: HttpAuth | undefined,
  setSecret: (v: string) => void,
): Record<string, string> {
  if (auth === undefined) return {}
  const value =
    auth.kind === 'basic'
      ? `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`
      : `Bearer ${auth.token}`
  setSecret(value)
  return { authorization: value }
}
