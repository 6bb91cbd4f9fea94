// XEP-0377 Spam Reporting: a `<report/>` inside a XEP-0191 block item, naming why (spam or
// abuse), the reported messages by their archive ids (XEP-0359 `<stanza-id/>`) and optional
// words for the server's operators. Reporting therefore always blocks too.
import type { DiscoInfo } from './disco.js';
import { NS_SID } from './stanza-ids.js';
import { capText, requireJid, xml, type Element, type JidInput } from '../stanza.js';
import { buildBlock } from './blocking.js';

export const NS_REPORTING = 'urn:xmpp:reporting:1';
export const REPORT_REASONS = {
  spam: 'urn:xmpp:reporting:spam',
  abuse: 'urn:xmpp:reporting:abuse',
} as const;
export type ReportReason = keyof typeof REPORT_REASONS;

/** Longest text sent with a report (the server's operators read it, not a machine). */
export const MAX_REPORT_TEXT = 4_096;
/** Messages named per report: a handful is evidence, thousands would be a flood. */
export const MAX_REPORTED_MESSAGES = 20;

export interface SpamReport {
  reason: ReportReason;
  /**
   * The reported messages: each its stanza-id and the entity that assigned it (our own
   * archive, i.e. our bare JID, for a one-to-one message).
   */
  messages?: ReadonlyArray<{ id: string; by: JidInput }>;
  text?: string;
}

/** The `<report/>` element alone. */
export function buildReport(report: SpamReport): Element {
  const text = report.text?.trim();
  return xml(
    'report',
    { xmlns: NS_REPORTING, reason: REPORT_REASONS[report.reason] },
    (report.messages ?? [])
      .slice(0, MAX_REPORTED_MESSAGES)
      .map((m) =>
        xml('stanza-id', { xmlns: NS_SID, by: requireJid(m.by).bare().toString(), id: m.id }),
      ),
    text ? xml('text', { 'xml:lang': 'en' }, capText(text, MAX_REPORT_TEXT)) : null,
  );
}

/** Block `address` and report it in the same request (XEP-0377 §2). */
export function buildBlockWithReport(address: JidInput, report: SpamReport): Element {
  return buildBlock([address], () => buildReport(report));
}

/** Whether a server's disco#info says it takes reports (XEP-0377 §3). */
export function supportsReporting(info: DiscoInfo | null): boolean {
  return info?.features.includes(NS_REPORTING) ?? false;
}
