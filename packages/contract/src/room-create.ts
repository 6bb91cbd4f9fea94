// Creating a group chat: what the create dialog asks of the backend beyond rooms.create.
import { z } from 'zod';
import { accountId, jidText } from './ids.js';

export const roomCreateCommands = {
  /**
   * Whether nobody uses this room address yet: the room's disco#info answers item-not-found
   * (XEP-0045 §6.4). The create dialog asks before it creates, so a taken address is never
   * silently joined instead.
   */
  'rooms.addressFree': {
    request: z.object({ accountId, room: jidText }),
    response: z.object({ room: jidText, free: z.boolean() }),
  },
};
