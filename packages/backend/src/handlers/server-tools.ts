import { buildCommandListQuery, jid, parseCommandList } from '@parley/xmpp';
import type { Accounts } from '../accounts.js';
import type { HandlerMap } from '../handler-types.js';
import { parseAddress } from '../addresses.js';
import { AdhocRuns } from '../runtime/server-tools/adhoc-runs.js';
import { browseEntity } from '../runtime/server-tools/disco-browser.js';
import { iqHandlerError } from '../runtime/server-tools/iq-words.js';
import { sendRawXml } from '../runtime/server-tools/raw-send.js';
import { fetchServerInfo } from '../runtime/server-tools/server-info.js';
import { XmlConsoles } from '../runtime/server-tools/xml-console.js';

type ServerToolsHandlers = Pick<
  HandlerMap,
  | 'servertools.disco.browse'
  | 'servertools.adhoc.list'
  | 'servertools.adhoc.execute'
  | 'servertools.adhoc.step'
  | 'servertools.adhoc.cancel'
  | 'servertools.console.open'
  | 'servertools.console.close'
  | 'servertools.console.read'
  | 'servertools.console.send'
  | 'servertools.serverInfo'
>;

/** Service discovery, ad-hoc commands, the XML console and server info (issue 11). */
export function serverToolsHandlers(accounts: Accounts): ServerToolsHandlers {
  const runs = new AdhocRuns();
  const consoles = new XmlConsoles();
  const address = (text: string) => parseAddress(text).toString();
  const online = (accountId: string) => accounts.runtime(accountId).requireOnline();
  const domainOf = (accountId: string) => jid(accounts.runtime(accountId).scope.ownJid).domain;
  return {
    'servertools.disco.browse': async ({ accountId, jid: target, node, after }) => {
      const session = online(accountId);
      const to = target === null ? domainOf(accountId) : address(target);
      return browseEntity(session, to, node, after);
    },
    'servertools.adhoc.list': async ({ accountId, jid: target }) => {
      const session = online(accountId);
      const to = address(target);
      try {
        const commands = parseCommandList(await session.iq(buildCommandListQuery(to), 15_000));
        return { commands: commands.slice(0, 500) };
      } catch (error) {
        throw iqHandlerError(`Listing the commands of ${to}`, error);
      }
    },
    'servertools.adhoc.execute': async ({ accountId, jid: target, node }) =>
      runs.execute(online(accountId), accountId, address(target), node),
    'servertools.adhoc.step': async ({ accountId, sessionId, action, values }) =>
      runs.step(online(accountId), accountId, sessionId, action, values),
    'servertools.adhoc.cancel': async ({ accountId, sessionId }) => {
      await runs.cancel(accounts.runtime(accountId).online, accountId, sessionId);
      return { ok: true };
    },
    'servertools.console.open': ({ accountId }) => {
      consoles.start(accountId, accounts.runtime(accountId).online);
      return { ok: true };
    },
    'servertools.console.close': ({ accountId }) => {
      consoles.stop(accountId);
      return { ok: true };
    },
    'servertools.console.read': ({ accountId, after }) => {
      accounts.record(accountId);
      return consoles.read(accountId, accounts.runtime(accountId).online, after);
    },
    'servertools.console.send': async ({ accountId, xml }) => sendRawXml(online(accountId), xml),
    'servertools.serverInfo': async ({ accountId }) =>
      fetchServerInfo(online(accountId), domainOf(accountId)),
  };
}
