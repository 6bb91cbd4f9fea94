// Texts the backend makes for the user (command errors, sign-in failures, bounce reasons, room
// refusals), as a stable id plus parameters. The renderer shows each in the user's language
// (renderer/i18n/backend-texts.ts); the English `message` beside it stays for logs and for a
// renderer that does not know the id.
import { z } from 'zod';
import { BACKEND_TEXT_TEMPLATES } from './backend-text-templates.js';

export { BACKEND_TEXT_TEMPLATES };

/** The defined stanza error conditions of RFC 6120 §8.3.3, translated by name in the renderer. */
export const XMPP_CONDITIONS = [
  'bad-request',
  'conflict',
  'feature-not-implemented',
  'forbidden',
  'gone',
  'internal-server-error',
  'item-not-found',
  'jid-malformed',
  'not-acceptable',
  'not-allowed',
  'not-authorized',
  'policy-violation',
  'recipient-unavailable',
  'redirect',
  'registration-required',
  'remote-server-not-found',
  'remote-server-timeout',
  'resource-constraint',
  'service-unavailable',
  'subscription-required',
  'undefined-condition',
  'unexpected-request',
] as const;
export const xmppCondition = z.enum(XMPP_CONDITIONS);
export type XmppCondition = z.infer<typeof xmppCondition>;

export type BackendTextId = keyof typeof BACKEND_TEXT_TEMPLATES;
export const BACKEND_TEXT_IDS = Object.keys(BACKEND_TEXT_TEMPLATES) as [
  BackendTextId,
  ...BackendTextId[],
];
export const backendTextId = z.enum(BACKEND_TEXT_IDS);

/** Names and addresses filled into a text: plain strings, never keys to translate. */
export const backendTextParams = z
  .record(z.string().regex(/^[a-z][A-Za-z]{0,31}$/u), z.union([z.string().max(2_000), z.number()]))
  .refine((params) => Object.keys(params).length <= 8, 'too many parameters');
export type BackendTextParams = z.infer<typeof backendTextParams>;

export const backendText = z.object({
  id: backendTextId,
  params: backendTextParams.optional(),
  /** The stanza error condition the text is about, shown by its translated name. */
  condition: xmppCondition.optional(),
  /** The server's (or room's) own `<text/>`: shown as written, after the translated words. */
  serverText: z.string().max(1_024).optional(),
  /** Who wrote `serverText`. */
  saidBy: z.enum(['server', 'room']).optional(),
});
export type BackendText = z.infer<typeof backendText>;

/** The RFC 6120 condition named `name`, or undefined for anything else. */
export function asXmppCondition(name: string | null | undefined): XmppCondition | undefined {
  return name && (XMPP_CONDITIONS as readonly string[]).includes(name)
    ? (name as XmppCondition)
    : undefined;
}

/** `{{name}}` filled from `params` (missing ones left empty), as i18next would in English. */
export function fillTemplate(template: string, params: BackendTextParams = {}): string {
  return template.replace(/\{\{(\w+)\}\}/gu, (_, name: string) => String(params[name] ?? ''));
}

/** The text in English: for logs, for `message` beside it, and for tests. */
export function englishText(text: BackendText): string {
  const params = { ...text.params, ...(text.condition ? { condition: text.condition } : {}) };
  const words = fillTemplate(BACKEND_TEXT_TEMPLATES[text.id], params);
  const said = text.serverText?.trim();
  if (!said) return words;
  return text.saidBy === 'room'
    ? `${words} The room said: “${said}”`
    : `${words} The server said: “${said}”`;
}

/** A text with its English message, for the `{ code, message, text }` shapes of the contract. */
export function withEnglish(text: BackendText): { message: string; text: BackendText } {
  return { message: englishText(text), text };
}
