// Server tools (issue 11): service discovery browser (XEP-0030), ad-hoc commands (XEP-0050),
// the XML console and server info (XEP-0157, XEP-0092, XEP-0012).
import { z } from 'zod';
import { accountId, jidText } from './ids.js';
import { dataForm, formValues } from './rooms.js';

const ok = z.object({ ok: z.literal(true) });
const node = z.string().min(1).max(1024);

export const discoIdentityView = z.object({
  category: z.string(),
  type: z.string(),
  name: z.string().nullable(),
});
export type DiscoIdentityView = z.infer<typeof discoIdentityView>;

/** Item JIDs come from the network, already parsed with @xmpp/jid: only bounded here. */
export const discoItemView = z.object({
  jid: z.string().max(3071),
  name: z.string(),
  node: z.string().nullable(),
});
export type DiscoItemView = z.infer<typeof discoItemView>;

/** One disco#info + disco#items view of a JID (and node). */
export const discoEntity = z.object({
  jid: jidText,
  node: z.string().nullable(),
  identities: z.array(discoIdentityView),
  features: z.array(z.string()),
  /** Why disco#info failed, in words; null when it answered. */
  infoError: z.string().nullable(),
  items: z.array(discoItemView),
  itemsError: z.string().nullable(),
  /** XEP-0059: the cursor of the next page when the service pages its items. */
  nextPage: z.string().nullable(),
  /** The service's item count when it pages (RSM `<count/>`), else null. */
  totalItems: z.number().int().nonnegative().nullable(),
  /** The list was cut at the first items (no paging offered): say so. */
  truncated: z.boolean(),
});
export type DiscoEntity = z.infer<typeof discoEntity>;

export const adhocCommandRef = z.object({ jid: jidText, node, name: z.string() });
export type AdhocCommandRef = z.infer<typeof adhocCommandRef>;

export const adhocAction = z.enum(['prev', 'next', 'complete']);
export type AdhocAction = z.infer<typeof adhocAction>;

export const adhocNote = z.object({ type: z.enum(['info', 'warn', 'error']), text: z.string() });
export type AdhocNote = z.infer<typeof adhocNote>;

/** A result form's `<reported/>` columns and `<item/>` rows (XEP-0004 §3.4). */
export const formTable = z.object({
  columns: z.array(z.object({ var: z.string(), label: z.string() })),
  rows: z.array(z.array(z.string())),
});
export type FormTable = z.infer<typeof formTable>;

/** Where one command execution stands after a step (XEP-0050 §3.4). */
export const adhocStep = z.object({
  jid: jidText,
  node,
  sessionId: z.string().nullable(),
  status: z.enum(['executing', 'completed', 'canceled']),
  /** The actions the service allows now (XEP-0050 §3.4 `<actions/>`); empty: only cancel. */
  actions: z.array(adhocAction),
  defaultAction: adhocAction.nullable(),
  notes: z.array(adhocNote),
  /** A form to fill in (type form); null when none. */
  form: dataForm.nullable(),
  /** A result form's fields (type result); null when none. */
  result: dataForm.nullable(),
  table: formTable.nullable(),
});
export type AdhocStep = z.infer<typeof adhocStep>;

export const consoleEntry = z.object({
  seq: z.number().int().nonnegative(),
  at: z.number(),
  direction: z.enum(['in', 'out']),
  kind: z.enum(['message', 'presence', 'iq', 'other']),
  /** Pretty-printed, with passwords, tokens and key material masked. */
  xml: z.string(),
});
export type ConsoleEntry = z.infer<typeof consoleEntry>;

export const serverContact = z.object({
  /** The XEP-0157 field var, e.g. admin-addresses. */
  kind: z.string(),
  addresses: z.array(z.string()),
});
export type ServerContact = z.infer<typeof serverContact>;

export const serverInfo = z.object({
  domain: z.string(),
  software: z
    .object({ name: z.string(), version: z.string(), os: z.string().nullable() })
    .nullable(),
  uptimeSeconds: z.number().int().nonnegative().nullable(),
  contacts: z.array(serverContact),
  /** What could not be learnt, in words (one line each). */
  problems: z.array(z.string()),
});
export type ServerInfo = z.infer<typeof serverInfo>;

export const serverToolsCommands = {
  /** disco#info and disco#items of a JID (default: our server), items paged or cut at 500. */
  'servertools.disco.browse': {
    request: z.object({
      accountId,
      jid: jidText.nullable().default(null),
      node: node.nullable().default(null),
      after: z.string().max(1024).nullable().default(null),
    }),
    response: discoEntity,
  },
  'servertools.adhoc.list': {
    request: z.object({ accountId, jid: jidText }),
    response: z.object({ commands: z.array(adhocCommandRef) }),
  },
  'servertools.adhoc.execute': {
    request: z.object({ accountId, jid: jidText, node }),
    response: adhocStep,
  },
  /** The next step of a running command, with the values of its current form. */
  'servertools.adhoc.step': {
    request: z.object({
      accountId,
      sessionId: z.string().min(1).max(1024),
      action: adhocAction,
      values: formValues.default({}),
    }),
    response: adhocStep,
  },
  'servertools.adhoc.cancel': {
    request: z.object({ accountId, sessionId: z.string().min(1).max(1024) }),
    response: ok,
  },
  /** Starts capturing (only while open; a console not read for a while closes itself). */
  'servertools.console.open': { request: z.object({ accountId }), response: ok },
  'servertools.console.close': { request: z.object({ accountId }), response: ok },
  /** Entries after `after` (a seq); `dropped` when older ones left the ring buffer. */
  'servertools.console.read': {
    request: z.object({ accountId, after: z.number().int().min(-1).default(-1) }),
    response: z.object({ entries: z.array(consoleEntry), dropped: z.boolean() }),
  },
  /** One raw `<message/>`, `<presence/>` or `<iq/>`; an iq get/set answers with its reply. */
  'servertools.console.send': {
    request: z.object({ accountId, xml: z.string().min(1).max(65_536) }),
    response: z.object({ reply: z.string().nullable() }),
  },
  'servertools.serverInfo': { request: z.object({ accountId }), response: serverInfo },
} as const;
