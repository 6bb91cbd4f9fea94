// XEP-0202 Entity Time.
import { buildIqResult, iqPayload, iqType, xml, type Element } from '../stanza.js';

export const NS_TIME = 'urn:xmpp:time';

export function isTimeRequest(iq: Element): boolean {
  const payload = iqPayload(iq);
  return iqType(iq) === 'get' && payload?.getName() === 'time' && payload.getNS() === NS_TIME;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(Math.trunc(minutes));
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}:${mm}`;
}

/**
 * Answer a time request. `tzoMinutes` (east of UTC) defaults to 0: the real offset reveals
 * roughly where the user is, so the session passes it only if the user opts in.
 * Null when `iq` is not a time request or has no id.
 */
export function buildTimeResponse(iq: Element, nowMs: number, tzoMinutes = 0): Element | null {
  if (!isTimeRequest(iq)) return null;
  const utc = new Date(Math.trunc(nowMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return buildIqResult(
    iq,
    xml('time', { xmlns: NS_TIME }, xml('tzo', {}, formatOffset(tzoMinutes)), xml('utc', {}, utc)),
  );
}
