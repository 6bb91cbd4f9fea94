import type { ChatState, Message } from '@parley/contract';
import { create } from 'zustand';
import { chatKey } from '../ui/store';

/** Virtuoso's firstItemIndex starts high and goes down as older pages are prepended. */
export const FIRST_INDEX = 10_000_000;
/** Timelines kept in memory; the store (backend) is the record, this is only what is shown. */
const KEEP_TIMELINES = 6;
/**
 * Messages a timeline keeps while its newest end is what counts (scrolled to the bottom, or
 * not on screen): a window left open on a busy room all day would otherwise hold every message
 * that arrived (the memory soak, bench/soak.ts, saw the heap grow ~1 KB a message). Past the
 * maximum it is cut to the newest KEPT_AFTER_TRIM in one go, so Virtuoso shifts its items
 * rarely; scrolling up pages the older ones in again from the store.
 */
export const MAX_KEPT_MESSAGES = 400;
export const KEPT_AFTER_TRIM = 200;

export interface Timeline {
  messages: Message[];
  firstItemIndex: number;
  /** No older messages exist (store and archive exhausted). */
  complete: boolean;
  loading: boolean;
  /** The first page arrived. */
  ready: boolean;
  error: string | null;
  /**
   * How many times its oldest messages were dropped (MAX_KEPT_MESSAGES): the view then starts
   * afresh at the bottom. Absent: never.
   */
  trims?: number;
}

const emptyTimeline: Timeline = {
  messages: [],
  firstItemIndex: FIRST_INDEX,
  complete: false,
  loading: false,
  ready: false,
  error: null,
};

/** A message event from the backend, as queued by the event bridge. */
export interface MessageEvent {
  kind: 'added' | 'updated';
  message: Message;
}

interface ChatStoreState {
  timelines: Record<string, Timeline>;
  /** Most recently used first; evicts the rest. */
  recent: string[];
  typing: Record<string, ChatState>;
  /** Rooms: per conversation key, the occupants typing (nick → state). */
  roomTyping: Record<string, Record<string, ChatState>>;
  drafts: Record<string, string>;
  /**
   * Per conversation on screen, whether its timeline shows the newest message; false while
   * the user is scrolled up (what arrives then is not seen, so not read). Absent: not shown.
   */
  atBottom: Record<string, boolean>;
  setAtBottom(key: string, atBottom: boolean | null): void;
  touch(key: string): void;
  patch(key: string, patch: Partial<Timeline>): void;
  /** Older page arrived: prepend (messages oldest first). */
  prepend(key: string, older: Message[], complete: boolean): void;
  /** message.added / messages.send result. */
  add(message: Message): void;
  /** message.updated. */
  update(message: Message): void;
  /** Many message.added / message.updated in order, as one state update (one render). */
  applyMessages(events: readonly MessageEvent[]): void;
  /** chatState.changed; `nick` names the occupant in a room. */
  setTyping(accountId: string, peer: string, state: ChatState, nick?: string | null): void;
  /** Occupants who left (or everyone, on a fresh join or when we left) type no more. */
  forgetTypists(accountId: string, room: string, nicks: readonly string[] | 'all'): void;
  setDraft(key: string, text: string): void;
  removeAccount(accountId: string): void;
}

function byTime(a: Message, b: Message): number {
  return a.timestamp - b.timestamp;
}

export const useChat = create<ChatStoreState>()((set) => ({
  timelines: {},
  recent: [],
  typing: {},
  roomTyping: {},
  drafts: {},
  atBottom: {},
  setAtBottom: (key, atBottom) =>
    set((s) => {
      if (atBottom === null)
        return key in s.atBottom ? { atBottom: withoutKey(s.atBottom, key) } : {};
      return s.atBottom[key] === atBottom ? {} : { atBottom: { ...s.atBottom, [key]: atBottom } };
    }),
  touch: (key) =>
    set((s) => {
      const recent = [key, ...s.recent.filter((k) => k !== key)];
      const evicted = recent.splice(KEEP_TIMELINES);
      if (evicted.length === 0) return { recent };
      const timelines = { ...s.timelines };
      for (const k of evicted) delete timelines[k];
      return { recent, timelines };
    }),
  patch: (key, patch) =>
    set((s) => ({
      timelines: { ...s.timelines, [key]: { ...(s.timelines[key] ?? emptyTimeline), ...patch } },
    })),
  prepend: (key, older, complete) =>
    set((s) => {
      const current = s.timelines[key] ?? emptyTimeline;
      const known = new Set(current.messages.map((m) => m.id));
      const fresh = older.filter((m) => !known.has(m.id)).sort(byTime);
      return {
        timelines: {
          ...s.timelines,
          [key]: {
            ...current,
            messages: [...fresh, ...current.messages],
            firstItemIndex: current.firstItemIndex - fresh.length,
            complete,
            loading: false,
            ready: true,
            error: null,
          },
        },
      };
    }),
  add: (message) => set((s) => applyMessageEvents(s, [{ kind: 'added', message }])),
  update: (message) => set((s) => applyMessageEvents(s, [{ kind: 'updated', message }])),
  applyMessages: (events) => set((s) => applyMessageEvents(s, events)),
  setTyping: (accountId, peer, state, nick = null) =>
    set((s) => {
      const key = chatKey(accountId, peer);
      const shown = state === 'composing' || state === 'paused';
      if (nick !== null) {
        const typists = s.roomTyping[key] ?? {};
        if (shown) return { roomTyping: { ...s.roomTyping, [key]: { ...typists, [nick]: state } } };
        return typists[nick]
          ? { roomTyping: { ...s.roomTyping, [key]: withoutKey(typists, nick) } }
          : {};
      }
      if (shown) return { typing: { ...s.typing, [key]: state } };
      return s.typing[key] ? { typing: withoutKey(s.typing, key) } : {};
    }),
  forgetTypists: (accountId, room, nicks) =>
    set((s) => {
      const key = chatKey(accountId, room);
      const typists = s.roomTyping[key];
      if (!typists) return {};
      if (nicks === 'all') return { roomTyping: withoutKey(s.roomTyping, key) };
      if (!nicks.some((n) => typists[n])) return {};
      const next = { ...typists };
      for (const nick of nicks) delete next[nick];
      return { roomTyping: { ...s.roomTyping, [key]: next } };
    }),
  setDraft: (key, text) => set((s) => ({ drafts: { ...s.drafts, [key]: text } })),
  removeAccount: (accountId) =>
    set((s) => {
      const prefix = chatKey(accountId, '');
      const keep = <T>(record: Record<string, T>): Record<string, T> =>
        Object.fromEntries(Object.entries(record).filter(([k]) => !k.startsWith(prefix)));
      return {
        timelines: keep(s.timelines),
        typing: keep(s.typing),
        roomTyping: keep(s.roomTyping),
        drafts: keep(s.drafts),
        atBottom: keep(s.atBottom),
        recent: s.recent.filter((k) => !k.startsWith(prefix)),
      };
    }),
}));

/**
 * The state after these events, in order. A timeline's message array is copied once for the
 * whole batch (not once per message: a catch-up brings hundreds at once to a long timeline).
 */
function applyMessageEvents(
  s: ChatStoreState,
  events: readonly MessageEvent[],
): Partial<ChatStoreState> {
  let { typing, roomTyping } = s;
  let timelines: Record<string, Timeline> | null = null;
  // Keys whose messages array is already this batch's own copy (safe to change in place).
  const owned = new Set<string>();
  for (const { kind, message } of events) {
    const key = chatKey(message.accountId, message.peer);
    const current = (timelines ?? s.timelines)[key];
    if (kind === 'added') {
      if (message.direction === 'in' && typing[key]) typing = withoutKey(typing, key);
      // An occupant's message ends their typing in the room.
      const typists = roomTyping[key];
      if (message.resource && typists?.[message.resource]) {
        roomTyping = { ...roomTyping, [key]: withoutKey(typists, message.resource) };
      }
    }
    if (!current) continue;
    const messages = current.messages;
    const existing = findFromEnd(messages, message.id);
    let next: Timeline;
    if (kind === 'added') {
      // Only conversations on screen (or recently) hold messages; others page in when opened.
      // Already shown: message.updated carries later states; a late send() reply must not undo them.
      if (!current.ready || existing >= 0) continue;
      // Usually appended; a late archive message goes in its place by time.
      let at = messages.length;
      while (at > 0 && (messages[at - 1]?.timestamp ?? 0) > message.timestamp) at--;
      // Older than everything loaded: it will arrive with the older pages.
      if (at === 0 && messages.length > 0 && !current.complete) continue;
      const copy = owned.has(key) ? messages : messages.slice();
      copy.splice(at, 0, message);
      const firstItemIndex =
        at === 0 && messages.length > 0 ? current.firstItemIndex - 1 : current.firstItemIndex;
      next = { ...current, messages: copy, firstItemIndex };
    } else {
      if (existing < 0) continue;
      const copy = owned.has(key) ? messages : messages.slice();
      // Reactions, reply and seen state are absent from events that do not carry them: kept.
      copy[existing] = { ...messages[existing], ...message };
      next = { ...current, messages: copy };
    }
    owned.add(key);
    timelines ??= { ...s.timelines };
    timelines[key] = next;
  }
  if (timelines)
    for (const key of owned) timelines[key] = trimmed(timelines[key]!, s.atBottom[key]);
  return timelines ? { typing, roomTyping, timelines } : { typing, roomTyping };
}

/** The timeline cut to its newest messages when it is long and the user is not scrolled up. */
function trimmed(timeline: Timeline, atBottom: boolean | undefined): Timeline {
  if (atBottom === false || timeline.messages.length <= MAX_KEPT_MESSAGES) return timeline;
  const drop = timeline.messages.length - KEPT_AFTER_TRIM;
  return {
    ...timeline,
    messages: timeline.messages.slice(drop),
    complete: false,
    trims: (timeline.trims ?? 0) + 1,
  };
}

/** Updates are nearly always about recent messages. */
function findFromEnd(messages: Message[], id: string): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.id === id) return i;
  return -1;
}

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  const next = { ...record };
  delete next[key];
  return next;
}

export function useTimeline(key: string | null): Timeline {
  return useChat((s) => (key ? (s.timelines[key] ?? emptyTimeline) : emptyTimeline));
}
