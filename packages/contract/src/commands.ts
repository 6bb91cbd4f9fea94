import { z } from 'zod';
import {
  account,
  accountId,
  chatState,
  contact,
  conversation,
  jidText,
  message,
  ownPresence,
  subscriptionRequest,
  tlsMode,
} from './domain.js';

const ok = z.object({ ok: z.literal(true) });
const peerRef = z.object({ accountId, peer: jidText });

const accountSettings = z.object({
  jid: jidText,
  password: z.string().min(1).max(1024),
  /** Connect here instead of resolving the domain (e.g. 127.0.0.1). */
  host: z.string().min(1).max(255).nullable().default(null),
  port: z.number().int().min(1).max(65535).nullable().default(null),
  tlsMode: tlsMode.default('auto'),
});

/**
 * Every command the renderer may send: name → request schema and response schema.
 * The backend validates the request; transports derive their channel names from these keys.
 */
export const commands = {
  'accounts.list': { request: z.object({}), response: z.array(account) },
  'accounts.add': {
    request: accountSettings.extend({ connect: z.boolean().default(true) }),
    response: account,
  },
  'accounts.update': {
    request: z.object({
      id: accountId,
      password: z.string().min(1).max(1024).optional(),
      host: z.string().min(1).max(255).nullable().optional(),
      port: z.number().int().min(1).max(65535).nullable().optional(),
      tlsMode: tlsMode.optional(),
      enabled: z.boolean().optional(),
    }),
    response: account,
  },
  'accounts.remove': { request: z.object({ id: accountId }), response: ok },
  'accounts.connect': { request: z.object({ id: accountId }), response: ok },
  'accounts.disconnect': { request: z.object({ id: accountId }), response: ok },
  /** Pin exactly the certificate last shown as untrusted (matched by fingerprint), then connect. */
  'accounts.pinCertificate': {
    request: z.object({ id: accountId, fingerprint256: z.string().regex(/^[0-9A-F:]{95}$/) }),
    response: account,
  },
  'presence.set': { request: z.object({ accountId }).and(ownPresence), response: ok },

  'roster.list': { request: z.object({ accountId }), response: z.array(contact) },
  'roster.add': {
    request: z.object({
      accountId,
      jid: jidText,
      name: z.string().max(1024).default(''),
      groups: z.array(z.string().min(1).max(1024)).max(100).default([]),
    }),
    response: ok,
  },
  'roster.update': {
    request: z.object({
      accountId,
      jid: jidText,
      name: z.string().max(1024),
      groups: z.array(z.string().min(1).max(1024)).max(100),
    }),
    response: ok,
  },
  'roster.remove': { request: z.object({ accountId, jid: jidText }), response: ok },
  'subscriptions.pending': { request: z.object({}), response: z.array(subscriptionRequest) },
  'subscriptions.answer': {
    request: z.object({ accountId, jid: jidText, accept: z.boolean() }),
    response: ok,
  },

  'conversations.list': { request: z.object({}), response: z.array(conversation) },
  'conversations.open': { request: peerRef, response: conversation },
  'conversations.markRead': { request: peerRef, response: ok },
  /**
   * Messages older than `before` (a message id), newest page first when absent.
   * Falls back to the server archive when the store runs out.
   */
  'messages.page': {
    request: peerRef.extend({
      before: z.string().max(128).nullable().default(null),
      limit: z.number().int().min(1).max(500).default(50),
    }),
    response: z.object({ messages: z.array(message), complete: z.boolean() }),
  },
  'messages.send': {
    request: peerRef.extend({ body: z.string().min(1).max(100_000) }),
    response: message,
  },
  'chatStates.send': { request: peerRef.extend({ state: chatState }), response: ok },
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandRequest<N extends CommandName> = z.input<Commands[N]['request']>;
export type CommandParsedRequest<N extends CommandName> = z.output<Commands[N]['request']>;
export type CommandResponse<N extends CommandName> = z.output<Commands[N]['response']>;
