import { buildDiscoInfoQuery, jid } from '@parley/xmpp';
import { normalizeBareJid, type Accounts } from '../accounts.js';
import { HandlerError, type HandlerMap } from '../handler-types.js';

/**
 * Before creating a room: is its address free? A room that exists answers disco#info; a free
 * address answers item-not-found (XEP-0045 §6.4). Any other answer is an error in words, not
 * a guess either way.
 */
export function roomCreateHandlers(accounts: Accounts): Pick<HandlerMap, 'rooms.addressFree'> {
  return {
    'rooms.addressFree': async ({ accountId, room }) => {
      const session = accounts.runtime(accountId).requireOnline();
      const address = normalizeBareJid(room);
      if (!jid(address).local) {
        throw new HandlerError('invalid-payload', 'A room address has a name before the @');
      }
      try {
        await session.iq(buildDiscoInfoQuery(address), 10_000);
        return { room: address, free: false };
      } catch (error) {
        const condition = (error as { condition?: string | null }).condition;
        if (condition === 'item-not-found') return { room: address, free: true };
        const why = condition ? `the service answered ${condition}` : String(error);
        throw new HandlerError('failed', `Could not check the address: ${why}`);
      }
    },
  };
}
