import { describe, expect, it } from 'vitest';
import { WholeRecordWriter } from './whole-record-writer.js';

/** A socket whose writes complete when the test says so, as a TLS socket's do (later). */
function fakeSocket() {
  const writes: Array<{ data: string; done: (err?: Error) => void }> = [];
  const writeOut = (data: string, cb: (err?: Error | null) => void) =>
    void writes.push({ data, done: (err) => cb(err ?? null) });
  return { writes, writeOut };
}

describe('WholeRecordWriter', () => {
  it('keeps one write in progress and joins the queued ones up to a record, never splitting one', () => {
    const socket = fakeSocket();
    const writer = new WholeRecordWriter(socket.writeOut, 10);
    const results: string[] = [];
    for (const data of ['aaaa', 'bbbb', 'cccc', 'dd', 'eeeeeeeeeeeeeeee', 'f']) {
      writer.write(data, (err) => results.push(`${data}:${err ? 'err' : 'ok'}`));
    }
    expect(socket.writes.map((w) => w.data)).toEqual(['aaaa']);
    socket.writes[0]?.done();
    // 'bbbb' + 'cccc' + 'dd' is exactly 10 bytes; the 16-byte write goes alone.
    expect(socket.writes.map((w) => w.data)).toEqual(['aaaa', 'bbbbccccdd']);
    socket.writes[1]?.done();
    expect(socket.writes.map((w) => w.data)).toEqual(['aaaa', 'bbbbccccdd', 'eeeeeeeeeeeeeeee']);
    socket.writes[2]?.done();
    socket.writes[3]?.done();
    expect(socket.writes.map((w) => w.data).join('')).toBe('aaaabbbbccccddeeeeeeeeeeeeeeeef');
    expect(results).toEqual([
      'aaaa:ok',
      'bbbb:ok',
      'cccc:ok',
      'dd:ok',
      'eeeeeeeeeeeeeeee:ok',
      'f:ok',
    ]);
  });

  it('counts bytes, not characters', () => {
    const socket = fakeSocket();
    const writer = new WholeRecordWriter(socket.writeOut, 6);
    for (const data of ['x', 'ééé', 'y']) writer.write(data, () => {});
    socket.writes[0]?.done();
    // 'ééé' is 6 bytes: it fills a record alone.
    expect(socket.writes.map((w) => w.data)).toEqual(['x', 'ééé']);
  });

  it('fails everything still queued once a write fails (the socket is gone)', () => {
    const socket = fakeSocket();
    const writer = new WholeRecordWriter(socket.writeOut, 4);
    const results: string[] = [];
    for (const data of ['aaaa', 'bbbb', 'cccc'])
      writer.write(data, (err) => results.push(`${data}:${err?.message ?? 'ok'}`));
    socket.writes[0]?.done(new Error('reset'));
    expect(results).toEqual(['aaaa:reset', 'bbbb:reset', 'cccc:reset']);
    expect(socket.writes).toHaveLength(1);
  });

  it('ends after what was queued has been handed over, and takes nothing more', () => {
    const socket = fakeSocket();
    const writer = new WholeRecordWriter(socket.writeOut, 4);
    const events: string[] = [];
    writer.write('aaaa', () => events.push('a written'));
    writer.write('bbbb', () => events.push('b written'));
    writer.end(() => events.push('end'));
    writer.write('cccc', (err) => events.push(`c: ${err?.message ?? 'written'}`));
    expect(events).toEqual(['c: The connection is closing']);
    socket.writes[0]?.done();
    socket.writes[1]?.done();
    expect(events).toEqual(['c: The connection is closing', 'a written', 'b written', 'end']);
    expect(socket.writes.map((w) => w.data)).toEqual(['aaaa', 'bbbb']);
  });

  it('ends at once when idle', () => {
    const writer = new WholeRecordWriter(fakeSocket().writeOut);
    let ended = false;
    writer.end(() => (ended = true));
    expect(ended).toBe(true);
  });
});
