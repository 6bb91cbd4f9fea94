import { describe, expect, it } from 'vitest';
import { parseBackendFrame, parseRequest } from './port.js';

const refused = (id: number | null) => ({
  ok: false,
  reply: { id, result: { ok: false, error: expect.objectContaining({ code: 'invalid-payload' }) } },
});

describe('parseRequest', () => {
  it('takes {id, name, payload}', () => {
    expect(parseRequest('{"id":3,"name":"accounts.list","payload":{}}')).toEqual({
      ok: true,
      request: { id: 3, name: 'accounts.list', payload: {} },
    });
  });

  it('answers anything else with a typed error, with the id when there is one', () => {
    expect(parseRequest({ id: 1, name: 'x' })).toEqual(refused(null));
    expect(parseRequest('nope')).toEqual(refused(null));
    expect(parseRequest('null')).toEqual(refused(null));
    expect(parseRequest('[1]')).toEqual(refused(null));
    expect(parseRequest('{"id":-1,"name":"a"}')).toEqual(refused(null));
    expect(parseRequest('{"id":1.5,"name":"a"}')).toEqual(refused(null));
    expect(parseRequest('{"id":4,"name":7}')).toEqual(refused(4));
    expect(parseRequest(`{"id":4,"name":"${'a'.repeat(129)}"}`)).toEqual(refused(4));
  });

  it('refuses an oversized frame before parsing it', () => {
    const frame = JSON.stringify({ id: 1, name: 'files.send', payload: 'x'.repeat(100) });
    expect(parseRequest(frame, 100)).toEqual(refused(null));
    expect(parseRequest(frame, frame.length)).toMatchObject({ ok: true });
  });
});

describe('parseBackendFrame', () => {
  it('reads results and events and drops anything else', () => {
    expect(parseBackendFrame('{"id":1,"result":{"ok":true,"value":[]}}')).toEqual({
      kind: 'result',
      id: 1,
      result: { ok: true, value: [] },
    });
    expect(parseBackendFrame('{"event":"account.changed","payload":{"id":"a"}}')).toEqual({
      kind: 'event',
      event: 'account.changed',
      payload: { id: 'a' },
    });
    for (const junk of ['x', '{}', '{"id":1,"result":{}}', '{"id":"1","result":{"ok":true}}', 5]) {
      expect(parseBackendFrame(junk)).toBeNull();
    }
  });
});
