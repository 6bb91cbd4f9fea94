import { describe, expect, it } from 'vitest';
import { createPortClient } from './port-client.js';
import { BACKEND_GONE, BACKEND_RESTARTED } from './port.js';

function fakePort() {
  const sent: Array<{ id: number; name: string }> = [];
  return { sent, post: (text: string) => sent.push(JSON.parse(text)), closed: false };
}

describe('createPortClient', () => {
  it('matches results to calls, delivers events, and says when the link is open', async () => {
    const client = createPortClient();
    const statuses: string[] = [];
    client.onStatus((s) => statuses.push(s));
    const events: unknown[] = [];
    client.subscribe((name, payload) => events.push([name, payload]));
    // A call before any port waits for it.
    const early = client.invoke('accounts.list', {});
    const port = fakePort();
    const receive = client.attach(port);
    expect(client.status()).toBe('open');
    expect(port.sent).toEqual([{ id: 1, name: 'accounts.list', payload: {} }]);
    receive(JSON.stringify({ event: 'account.changed', payload: { id: 'a' } }));
    receive(JSON.stringify({ id: 1, result: { ok: true, value: [] } }));
    expect(await early).toEqual({ ok: true, value: [] });
    expect(events).toEqual([['account.changed', { id: 'a' }]]);
    expect(statuses).toEqual(['open']);
  });

  it('answers calls in flight with "backend restarted" when the port goes; new ones wait', async () => {
    const client = createPortClient();
    const first = fakePort();
    const receiveFirst = client.attach(first);
    const inFlight = client.invoke('messages.send', { body: 'x' });
    client.detach();
    expect(client.status()).toBe('closed');
    expect(await inFlight).toEqual({ ok: false, error: BACKEND_RESTARTED });
    const waiting = client.invoke('accounts.list', {});
    const second = fakePort();
    const receive = client.attach(second);
    expect(client.status()).toBe('open');
    expect(second.sent.map((f) => f.name)).toEqual(['accounts.list']);
    // The dead port's late words are ignored.
    receiveFirst(JSON.stringify({ id: second.sent[0]!.id, result: { ok: true, value: 'stale' } }));
    receive(JSON.stringify({ id: second.sent[0]!.id, result: { ok: true, value: 'fresh' } }));
    expect(await waiting).toEqual({ ok: true, value: 'fresh' });
  });

  it('a new port replacing a live one fails what was in flight on the old', async () => {
    const client = createPortClient();
    client.attach(fakePort());
    const inFlight = client.invoke('accounts.list', {});
    client.attach(fakePort());
    expect(await inFlight).toEqual({ ok: false, error: BACKEND_RESTARTED });
  });

  it('closed for good: everything fails with BACKEND_GONE', async () => {
    const client = createPortClient();
    const waiting = client.invoke('accounts.list', {});
    client.close();
    expect(await waiting).toEqual({ ok: false, error: BACKEND_GONE });
    expect(await client.invoke('accounts.list', {})).toEqual({ ok: false, error: BACKEND_GONE });
  });
});
