import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.js';
import { servePort, type ClientPort } from './serve-port.js';
import { parseBackendMessage, parseMainMessage } from './control-protocol.js';

describe('the control channel', () => {
  it('main accepts only the backend messages it knows, with bounded host requests', () => {
    expect(parseBackendMessage({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(
      parseBackendMessage({ type: 'host-request', id: 1, name: 'takeFileGrant', arg: 'g' }),
    ).toEqual({ type: 'host-request', id: 1, name: 'takeFileGrant', arg: 'g' });
    expect(parseBackendMessage({ type: 'host-request', id: 1, name: 'unlink', arg: 'g' })).toBe(
      null,
    );
    expect(parseBackendMessage({ type: 'host-request', id: 1, name: 'openFile', arg: '' })).toBe(
      null,
    );
    expect(parseBackendMessage({ type: 'exec' })).toBeNull();
    expect(parseBackendMessage('ready')).toBeNull();
  });

  it('the backend process takes an init only with a 32-byte key', () => {
    const init = {
      storePath: '/p/parley.db',
      key: new Uint8Array(32),
      downloadDir: '/d',
      trustedCaPem: null,
      allowLoopbackHttp: false,
    };
    expect(parseMainMessage({ type: 'init', init })).toEqual({ type: 'init', init });
    expect(parseMainMessage({ type: 'init', init: { ...init, key: new Uint8Array(16) } })).toBe(
      null,
    );
    expect(parseMainMessage({ type: 'init', init: { ...init, key: 'ab'.repeat(32) } })).toBe(null);
    expect(parseMainMessage({ type: 'bogus' })).toBeNull();
  });
});

/** A backend stand-in: servePort's job is the frames, not the commands. */
function fakeBackend(handle: Backend['handle']) {
  const listeners = new Set<(name: never, payload: unknown) => void>();
  const backend = {
    handle,
    onEvent: (listener: (name: never, payload: unknown) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as Backend;
  return {
    backend,
    emit: (name: string, payload: unknown) => listeners.forEach((l) => l(name as never, payload)),
  };
}

function fakePort() {
  const sent: unknown[] = [];
  let deliver: (data: unknown) => void = () => undefined;
  let close: () => void = () => undefined;
  const port: ClientPort = {
    post: (text) => sent.push(JSON.parse(text)),
    onMessage: (listener) => (deliver = listener),
    onClose: (listener) => (close = listener),
  };
  return { port, sent, deliver: (data: unknown) => deliver(data), close: () => close() };
}

describe('servePort', () => {
  it('answers each request by id, pushes events, and survives a throwing handler', async () => {
    const { backend, emit } = fakeBackend(async (name) => {
      if (name === 'boom') throw new Error('internal /secret/path');
      return { ok: true, value: name };
    });
    const { port, sent, deliver, close } = fakePort();
    servePort(backend, port);
    deliver(JSON.stringify({ id: 1, name: 'accounts.list', payload: {} }));
    deliver(JSON.stringify({ id: 2, name: 'boom', payload: {} }));
    deliver('garbage');
    emit('account.changed', { id: 'a' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sent).toContainEqual({ id: 1, result: { ok: true, value: 'accounts.list' } });
    expect(sent).toContainEqual({
      id: 2,
      result: { ok: false, error: { code: 'failed', message: 'The command failed' } },
    });
    expect(sent).toContainEqual({
      id: null,
      result: { ok: false, error: { code: 'invalid-payload', message: 'A frame must be JSON' } },
    });
    expect(sent).toContainEqual({ event: 'account.changed', payload: { id: 'a' } });
    // Closed by the other end: no more events for it.
    close();
    const before = sent.length;
    emit('account.changed', { id: 'b' });
    expect(sent).toHaveLength(before);
  });
});
