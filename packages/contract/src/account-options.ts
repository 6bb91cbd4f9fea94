import { z } from 'zod';
import { accountId } from './ids.js';

/*
 * What several accounts side by side need (issue 11): their order, a colour each, a presence
 * priority, the status texts used before, and a proxy. The account's own schema (domain.ts)
 * takes its fields from `accountOptionFields`; the commands here answer `ok` and the new state
 * arrives as `account.changed` events (one per account touched).
 */

/**
 * A small palette, each a named colour with good contrast on light and dark backgrounds: a
 * stripe or dot is enough to tell accounts apart in a mixed list without reading the address.
 */
export const ACCOUNT_COLORS = {
  blue: '#2563eb',
  green: '#15803d',
  orange: '#c2410c',
  purple: '#7e22ce',
  red: '#b91c1c',
  teal: '#0f766e',
  pink: '#be185d',
  amber: '#a16207',
} as const;
export type AccountColor = keyof typeof ACCOUNT_COLORS;
export const accountColor = z.enum(
  Object.keys(ACCOUNT_COLORS) as [AccountColor, ...AccountColor[]],
);

/**
 * The colour an account has until the user picks one: derived from its address so that it is
 * the same on every start and every machine (FNV-1a over the UTF-16 code units).
 */
export function defaultAccountColor(jid: string): AccountColor {
  let hash = 0x811c9dc5;
  for (let i = 0; i < jid.length; i++) {
    hash ^= jid.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const names = accountColor.options;
  return names[hash % names.length] ?? 'blue';
}

/** RFC 6121 §4.7.2.3: a presence priority is a signed byte. */
export const presencePriority = z.number().int().min(-128).max(127);

/** How many distinct status texts an account remembers (newest first). */
export const STATUS_HISTORY_SIZE = 10;
export const statusText = z.string().max(1024);

/** socks5: RFC 1928 (+ RFC 1929 username/password); http: an HTTP CONNECT proxy (Basic auth). */
export const proxyType = z.enum(['socks5', 'http']);
export type ProxyType = z.infer<typeof proxyType>;

const proxyEndpoint = {
  type: proxyType,
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535),
  /** null: no authentication. */
  username: z.string().min(1).max(255).nullable(),
};

/** A proxy as the renderer sees it: never the password, only whether one is kept. */
export const proxyView = z.object({ ...proxyEndpoint, hasPassword: z.boolean() });
export type ProxyView = z.infer<typeof proxyView>;

/** A proxy as the user sets it. `password` absent: keep the stored one; null: none. */
export const proxyInput = z.object({
  ...proxyEndpoint,
  password: z.string().min(1).max(1024).nullable().optional(),
});
export type ProxyInput = z.infer<typeof proxyInput>;

/** The account fields these options add (spread into domain.ts's `account`). */
export const accountOptionFields = {
  /** Place in the user's order of accounts, 0 first. */
  position: z.number().int().nonnegative(),
  /** The chosen colour, or the one derived from the address. */
  color: accountColor,
  /** Whether `color` was chosen by the user (false: derived from the address). */
  colorChosen: z.boolean(),
  /** Sent in every presence of this account (RFC 6121 §4.7.2.3). */
  priority: presencePriority,
  /** Status texts used before, newest first, distinct, at most STATUS_HISTORY_SIZE. */
  statusHistory: z.array(statusText).max(STATUS_HISTORY_SIZE),
  /** null: connect directly. */
  proxy: proxyView.nullable(),
};

const ok = z.object({ ok: z.literal(true) });
const presenceChoice = z.object({
  show: z.enum(['available', 'chat', 'away', 'xa', 'dnd']),
  status: statusText,
});

/** The commands of these options: spread into `commands`. */
export const accountOptionCommands = {
  /** The user's order of all accounts: every account id exactly once. */
  'accounts.reorder': {
    request: z.object({ ids: z.array(accountId).min(1).max(1000) }),
    response: ok,
  },
  /** Colour (null: back to the derived one) and presence priority; absent fields stay. */
  'accounts.options.set': {
    request: z.object({
      id: accountId,
      color: accountColor.nullable().optional(),
      priority: presencePriority.optional(),
    }),
    response: ok,
  },
  /** Sets (or, with null, removes) the account's proxy; a connected account reconnects. */
  'accounts.proxy.set': {
    request: z.object({ id: accountId, proxy: proxyInput.nullable() }),
    response: ok,
  },
  /** The same show and status for every enabled account. */
  'presence.setAll': { request: presenceChoice, response: ok },
  /** Forgets the account's status history. */
  'presence.history.clear': { request: z.object({ accountId }), response: ok },
} as const;
