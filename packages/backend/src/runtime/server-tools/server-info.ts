// Server info: contact addresses (XEP-0157), software version (XEP-0092) and uptime (XEP-0012),
// asked of the account's server at once; what fails is named in `problems`, the rest shown.
import type { ServerInfo } from '@parley/contract';
import {
  buildDiscoInfoQuery,
  buildLastActivityQuery,
  buildVersionQuery,
  parseContactAddresses,
  parseDiscoInfo,
  parseLastActivity,
  parseVersionResult,
  type Session,
} from '@parley/xmpp';
import { iqFailure } from './iq-words.js';

const TIMEOUT_MS = 15_000;

export async function fetchServerInfo(
  session: Pick<Session, 'iq'>,
  domain: string,
): Promise<ServerInfo> {
  const [info, version, last] = await Promise.allSettled([
    session.iq(buildDiscoInfoQuery(domain), TIMEOUT_MS),
    session.iq(buildVersionQuery(domain), TIMEOUT_MS),
    session.iq(buildLastActivityQuery(domain), TIMEOUT_MS),
  ]);
  const problems: string[] = [];
  const disco = info.status === 'fulfilled' ? parseDiscoInfo(info.value) : null;
  if (info.status === 'rejected') {
    problems.push(iqFailure('Asking the server for its contact addresses', info.reason));
  }
  const answer = version.status === 'fulfilled' ? parseVersionResult(version.value) : null;
  const software = answer && { ...answer, os: answer.os || null };
  if (version.status === 'rejected') {
    problems.push(iqFailure('Asking the server for its software version', version.reason));
  }
  const uptimeSeconds = last.status === 'fulfilled' ? parseLastActivity(last.value) : null;
  if (last.status === 'rejected') {
    problems.push(iqFailure('Asking the server for its uptime', last.reason));
  }
  return {
    domain,
    software,
    uptimeSeconds,
    contacts: disco ? parseContactAddresses(disco) : [],
    problems,
  };
}
