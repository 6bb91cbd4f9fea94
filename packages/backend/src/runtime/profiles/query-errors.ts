import { iqErrorCondition } from '@parley/xmpp';

/** Conditions that mean "there is nothing there": no vCard, no such node. */
const ABSENT = new Set(['item-not-found']);

export function isAbsent(error: unknown): boolean {
  return ABSENT.has(iqErrorCondition(error) ?? '');
}

const WORDS: Record<string, string> = {
  'service-unavailable': 'Their client does not answer this',
  'feature-not-implemented': 'Their client does not answer this',
  'item-not-found': 'Nothing published',
  forbidden: 'Not shared with you',
  'not-authorized': 'Not shared with you',
  'not-allowed': 'Not shared with you',
  'recipient-unavailable': 'They are offline',
  'remote-server-not-found': 'Their server cannot be reached',
  'remote-server-timeout': 'Their server cannot be reached',
};

/** A failed query in words for the field it was meant to fill. */
export function describeQueryError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'timeout') return 'No answer in time';
  if (code === 'not-connected' || code === 'session-lost' || code === 'stopped')
    return 'Not connected';
  const condition = iqErrorCondition(error);
  if (condition) return WORDS[condition] ?? `Refused (${condition})`;
  return error instanceof Error ? error.message.slice(0, 300) : 'Failed';
}
