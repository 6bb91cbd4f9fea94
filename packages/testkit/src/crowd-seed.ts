import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lua } from './config.js';

/**
 * Writes a room with `nicks.length` occupants into Prosody's MUC storage, in the form mod_muc
 * itself uses when it swaps a live room out of its cache or stops (room:freeze(true): the
 * "config" and "state" stores). The first stanza to the room restores it, occupants included,
 * without a single presence broadcast.
 *
 * Why: joining N occupants one by one costs Prosody ~N² presence deliveries (each join is
 * broadcast to everyone already there, and each joiner gets everyone's presence). Prosody 0.12
 * routes ~6,700 of those per second on these machines, so 2,000 real joins take ~10 minutes;
 * seeded, the room is there at once, and a client that joins it afterwards gets exactly what it
 * would get in a room that filled up over the day.
 *
 * Only for a room Prosody has not loaded yet (it reads the files on a cache miss). Occupant i
 * is `realJids[i]` with nick `nicks[i]`; occupant 0 is the owner (moderator), the rest are
 * participants.
 */
export async function seedRoom(options: {
  dataDir: string;
  mucDomain: string;
  room: string;
  nicks: readonly string[];
  realJids: readonly string[];
}): Promise<void> {
  const { dataDir, mucDomain, room, nicks, realJids } = options;
  const at = room.indexOf('@');
  if (at < 1 || room.slice(at + 1) !== mucDomain)
    throw new Error(`seeded room must be on ${mucDomain}: ${room}`);
  const node = room.slice(0, at);
  const bare = (full: string): string => full.slice(0, full.indexOf('/'));

  const config = [
    'return {',
    `  ["_jid"] = ${lua(room)};`,
    '  ["_data"] = {};',
    '  ["_affiliation_data"] = {};',
    `  [${lua(bare(realJids[0]!))}] = "owner";`,
    '};',
  ];
  const state = ['return {'];
  for (let i = 0; i < nicks.length; i++) {
    const occupantJid = `${room}/${nicks[i]}`;
    const real = realJids[i]!;
    state.push(
      `  [${lua(occupantJid)}] = { ["bare_jid"] = ${lua(bare(real))}; ` +
        `["role"] = ${i === 0 ? '"moderator"' : '"participant"'}; ["jid"] = ${lua(real)}; };`,
      `  [${lua(real)}] = { ["name"] = "presence"; ` +
        `["attr"] = { ["from"] = ${lua(occupantJid)}; ["to"] = ${lua(real)}; }; };`,
    );
  }
  state.push('};', '');

  const hostDir = path.join(dataDir, encode(mucDomain));
  await mkdir(path.join(hostDir, 'config'), { recursive: true });
  await mkdir(path.join(hostDir, 'state'), { recursive: true });
  // State first: a room whose config exists but whose state does not yet would restore empty.
  await writeFile(path.join(hostDir, 'state', `${encode(node)}.dat`), state.join('\n'));
  await writeFile(path.join(hostDir, 'config', `${encode(node)}.dat`), config.join('\n'));
}

/** Prosody's datamanager file-name encoding: every non-alphanumeric byte as %xx. */
function encode(text: string): string {
  return [...Buffer.from(text)]
    .map((b) =>
      /[A-Za-z0-9]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');
}
