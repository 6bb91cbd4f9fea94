import type { Contact, Conversation, Room } from '@parley/contract';
import { displayName } from '../../ui/names';
import { displayNick, splitOccupantJid } from '../rooms/nick';
import { chatKey } from '../ui/store';
import type { Candidate } from './fuzzy';

export interface SwitcherCandidate extends Candidate {
  accountId: string;
  peer: string;
  kind: 'chat' | 'room' | 'private' | 'contact';
}

/**
 * Everything the quick switcher can open, each conversation once: conversations by most recent
 * activity first, then rooms and contacts that have none yet.
 */
export function switcherCandidates(
  conversations: Iterable<Conversation>,
  rooms: Iterable<Room>,
  contacts: Iterable<Contact>,
): SwitcherCandidate[] {
  const out: SwitcherCandidate[] = [];
  const seen = new Set<string>();
  const roomByKey = new Map<string, Room>();
  for (const r of rooms) roomByKey.set(chatKey(r.accountId, r.jid), r);
  const contactByKey = new Map<string, Contact>();
  for (const c of contacts) contactByKey.set(chatKey(c.accountId, c.jid), c);
  const add = (c: SwitcherCandidate) => {
    if (seen.has(c.id)) return;
    seen.add(c.id);
    out.push(c);
  };
  const recent = [...conversations].sort((a, b) => b.updatedAt - a.updatedAt);
  for (const c of recent) {
    const key = chatKey(c.accountId, c.peer);
    const occupant = c.kind === 'private' ? splitOccupantJid(c.peer) : null;
    const label =
      c.kind === 'room'
        ? displayName(roomByKey.get(key)?.name || c.name, c.peer)
        : occupant
          ? displayNick(occupant.nick)
          : displayName(contactByKey.get(key)?.name || c.name, c.peer);
    add({ id: key, label, detail: c.peer, accountId: c.accountId, peer: c.peer, kind: c.kind });
  }
  for (const r of roomByKey.values()) {
    const key = chatKey(r.accountId, r.jid);
    add({
      id: key,
      label: displayName(r.name, r.jid),
      detail: r.jid,
      accountId: r.accountId,
      peer: r.jid,
      kind: 'room',
    });
  }
  for (const c of contactByKey.values()) {
    const key = chatKey(c.accountId, c.jid);
    add({
      id: key,
      label: displayName(c.name, c.jid),
      detail: c.jid,
      accountId: c.accountId,
      peer: c.jid,
      kind: 'contact',
    });
  }
  return out;
}
