import type { Contact } from '@parley/contract';
import type { Element } from '@parley/xmpp';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../event-bus.js';
import { acceptContactInvite } from './invites.js';

const INVITE = {
  kind: 'contact' as const,
  server: 'example.org',
  inviter: 'alice@example.org',
  username: null,
  token: 'T0k',
  canRegister: false,
};

function fakeSession() {
  const sent: Element[] = [];
  return {
    sent,
    session: {
      iq: async (el: Element) => {
        sent.push(el);
        return el;
      },
      send: async (el: Element) => {
        sent.push(el);
      },
    },
  };
}

const contact = (subscription: Contact['subscription']): Contact => ({
  accountId: 'a1',
  jid: 'alice@example.org',
  name: '',
  groups: [],
  subscription,
  askSubscribe: false,
  show: 'offline',
  status: '',
  resources: [],
});

describe('opening a contact invitation (XEP-0379)', () => {
  it('adds the inviter, pre-approves them, asks with the token, and waits for approval', async () => {
    const bus = new EventBus(false);
    const { sent, session } = fakeSession();
    const done = acceptContactInvite({
      session: session as never,
      bus,
      accountId: 'a1',
      invitation: INVITE,
      nick: 'bob',
      alreadyApproved: () => false,
      waitMs: 5_000,
    });
    await new Promise((r) => setTimeout(r, 10));
    bus.emit('roster.changed', { accountId: 'a2', upserted: [contact('both')], removed: [] });
    bus.emit('roster.changed', { accountId: 'a1', upserted: [contact('to')], removed: [] });
    expect(await done).toBe(true);
    expect(sent.map((s) => `${s.name} ${s.attrs.type}`)).toEqual([
      'iq set',
      'presence subscribed',
      'presence subscribe',
    ]);
    expect(sent[2]!.getChild('preauth', 'urn:xmpp:pars:0')?.attrs.token).toBe('T0k');
  });

  it('without approval in time, a plain request follows for the inviter to answer', async () => {
    const { sent, session } = fakeSession();
    const approved = await acceptContactInvite({
      session: session as never,
      bus: new EventBus(false),
      accountId: 'a1',
      invitation: INVITE,
      alreadyApproved: () => false,
      waitMs: 20,
    });
    expect(approved).toBe(false);
    const last = sent.at(-1)!;
    expect(`${last.name} ${last.attrs.type}`).toBe('presence subscribe');
    expect(last.getChild('preauth', 'urn:xmpp:pars:0')).toBeUndefined();
  });
});
