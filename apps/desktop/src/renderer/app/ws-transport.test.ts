import type { WsFrame } from '@parley/contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackendUnavailable, createWsTransport, defaultWsUrl, hostToken } from './ws-transport';

/** A WebSocket double the test opens, feeds and closes by hand. */
class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static all: FakeSocket[] = [];
  readyState = FakeSocket.CONNECTING;
  sent: WsFrame[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocols?: string[],
  ) {
    FakeSocket.all.push(this);
  }
  send(text: string): void {
    this.sent.push(JSON.parse(text) as WsFrame);
  }
  close(): void {
    this.drop();
  }
  open(): void {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  drop(): void {
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.();
  }
  push(frame: unknown): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }
}

const last = (): FakeSocket => FakeSocket.all[FakeSocket.all.length - 1]!;

function make() {
  return createWsTransport('ws://host/ws', {
    WebSocket: FakeSocket as unknown as typeof WebSocket,
    minDelayMs: 100,
    maxDelayMs: 1_000,
    random: () => 1,
  });
}

describe('ws transport', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.all = [];
  });
  afterEach(() => vi.useRealTimers());

  it('derives the URL from the page', () => {
    expect(defaultWsUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe(
      'ws://127.0.0.1:8080/ws',
    );
    expect(defaultWsUrl({ protocol: 'https:', host: 'example.org' })).toBe('wss://example.org/ws');
  });

  it('offers the host token as a subprotocol on every connect', () => {
    const t = createWsTransport('ws://host/ws', {
      token: 'tok_123',
      WebSocket: FakeSocket as unknown as typeof WebSocket,
      minDelayMs: 100,
      random: () => 1,
    });
    expect(last().protocols).toEqual(['parley', 'parley-token.tok_123']);
    last().drop();
    vi.advanceTimersByTime(100);
    expect(FakeSocket.all).toHaveLength(2);
    expect(last().protocols).toEqual(['parley', 'parley-token.tok_123']);
    t.close();
  });

  it('takes the token from the page fragment, keeps it for reloads, clears the address bar', () => {
    const stored = new Map<string, string>();
    const replaced: string[] = [];
    const win = (hash: string) => ({
      location: { hash, pathname: '/', search: '' },
      history: {
        state: null,
        replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url),
      },
      sessionStorage: {
        getItem: (k: string) => stored.get(k) ?? null,
        setItem: (k: string, v: string) => void stored.set(k, v),
      },
    });
    const token = 'AbCdEfGhIjKlMnOpQrStUv_-0123456789';
    expect(hostToken(win(`#token=${token}`))).toBe(token);
    expect(replaced).toEqual(['/']);
    // A reload: no fragment any more, the tab still knows it.
    expect(hostToken(win(''))).toBe(token);
    // Junk in the fragment is not a token.
    stored.clear();
    expect(hostToken(win('#token=<script>'))).toBeNull();
  });

  it('queues calls until open, then matches results by id', async () => {
    const t = make();
    const a = t.invoke('accounts.list', {});
    const b = t.invoke('conversations.list', {});
    expect(last().sent).toEqual([]);
    last().open();
    expect(t.status()).toBe('open');
    expect(last().sent.map((f) => f.kind === 'command' && f.name)).toEqual([
      'accounts.list',
      'conversations.list',
    ]);
    const [fa, fb] = last().sent as Extract<WsFrame, { kind: 'command' }>[];
    last().push({ kind: 'result', id: fb!.id, result: { ok: true, value: ['b'] } });
    last().push({
      kind: 'result',
      id: fa!.id,
      result: { ok: false, error: { code: 'failed', message: 'no' } },
    });
    await expect(b).resolves.toEqual({ ok: true, value: ['b'] });
    await expect(a).resolves.toEqual({ ok: false, error: { code: 'failed', message: 'no' } });
    t.close();
  });

  it('dispatches events and ignores garbage frames', () => {
    const t = make();
    const seen: [string, unknown][] = [];
    t.subscribe((name, payload) => seen.push([name, payload]));
    last().open();
    last().push('not json');
    last().push({ kind: 'result', id: 999, result: { ok: true, value: 1 } });
    last().push(42);
    last().push({ kind: 'event', name: 'message.added', payload: { id: 'm1' } });
    expect(seen).toEqual([['message.added', { id: 'm1' }]]);
    t.close();
  });

  it('rejects calls in flight on close and reconnects with bounded backoff', async () => {
    const t = make();
    const statuses: string[] = [];
    t.onStatus((s) => statuses.push(s));
    last().open();
    const pending = t.invoke('accounts.list', {});
    last().drop();
    await expect(pending).rejects.toBeInstanceOf(BackendUnavailable);
    expect(t.status()).toBe('closed');

    // Backoff doubles from 100 ms up to the 1 s ceiling while attempts keep failing.
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before = FakeSocket.all.length;
      let waited = 0;
      while (FakeSocket.all.length === before) {
        vi.advanceTimersByTime(10);
        waited += 10;
      }
      delays.push(waited);
      last().drop();
    }
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);

    vi.advanceTimersByTime(1_000);
    last().open();
    expect(t.status()).toBe('open');
    expect(statuses.slice(0, 3)).toEqual(['open', 'closed', 'connecting']);
    expect(statuses.at(-1)).toBe('open');
    t.close();
  });

  it('stops for good on close()', async () => {
    const t = make();
    last().open();
    const call = t.invoke('accounts.list', {});
    t.close();
    await expect(call).rejects.toBeInstanceOf(BackendUnavailable);
    const count = FakeSocket.all.length;
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all.length).toBe(count);
    await expect(t.invoke('accounts.list', {})).rejects.toBeInstanceOf(BackendUnavailable);
  });
});
