import type { ProxyInput } from '@parley/contract';
import type { ProxyRecord } from '@parley/store';

/**
 * The proxy a new account's first connections go through (sign-in, sign-up), as the dialler
 * and the store take it. There is no stored password to keep yet, so an absent one is none;
 * without a user name no password is sent or kept.
 */
export function newAccountProxy(input: ProxyInput | null | undefined): ProxyRecord | null {
  if (!input) return null;
  return {
    type: input.type,
    host: input.host,
    port: input.port,
    username: input.username,
    password: input.username === null ? null : (input.password ?? null),
  };
}
