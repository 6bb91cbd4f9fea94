import type { PickedFile } from '@parley/contract';
import { tFor } from '../../i18n';
import { setPresence } from '../accounts/actions';
import { useAccounts } from '../accounts/store';
import { openChat, sendMessage } from '../chat/actions';
import { canPickFiles, pickFiles } from '../files/send';
import { stageFiles } from '../files/staging';
import { useDevicesRequest } from '../omemo/devices-request';
import { useOmemoLocks } from '../omemo/lock-store';
import { addContact, removeContact } from '../roster/actions';
import {
  ASK_AGAIN,
  createRoom,
  defaultNick,
  joinRoom,
  openRoom,
  runSlashCommand,
} from '../rooms/actions';
import { useRoomDialog } from '../rooms/dialogs';
import { getClient } from '../../app/client';
import type { Command } from './parse';

const t = tFor('commands');

/**
 * The page's own file picker (the browser build has no main process): resolves with the files
 * chosen, or none when cancelled. Enter in the composer is the user gesture that allows it.
 */
export function pagePicker(doc: Document = document): Promise<File[]> {
  return new Promise((resolve) => {
    const input = doc.createElement('input');
    input.type = 'file';
    input.hidden = true;
    const done = (files: File[]) => {
      input.remove();
      resolve(files);
    };
    input.addEventListener('change', () => done(Array.from(input.files ?? [])), { once: true });
    input.addEventListener('cancel', () => done([]), { once: true });
    doc.body.append(input);
    input.click();
  });
}

/** The file for /sendfile: main's dialog (at the typed path) or the page's picker. */
async function chooseFiles(path: string | null): Promise<readonly (File | PickedFile)[]> {
  if (canPickFiles()) return pickFiles(window, path ?? undefined);
  return pagePicker();
}

/** Carries out a command typed in `peer`'s composer on `accountId`. Throws a worded error. */
export async function runCommand(accountId: string, peer: string, command: Command): Promise<void> {
  switch (command.kind) {
    case 'room':
      return runSlashCommand(accountId, peer, command.command);
    case 'roster-add':
      return addContact(accountId, command.jid, command.name, []);
    case 'roster-remove':
      return removeContact(accountId, command.jid);
    case 'msg':
      await openChat(accountId, command.jid);
      if (command.body) await sendMessage(accountId, command.jid, command.body);
      return;
    case 'join': {
      const nick = command.nick ?? defaultNick(accountId);
      let room = await joinRoom({
        accountId,
        room: command.room,
        nick,
        password: command.password,
      });
      // As in Profanity, /join makes a room that does not exist yet (with the server's
      // default configuration; the room's menu configures it later).
      if (room.state === 'error' && room.error?.code === 'not-found') {
        room = await createRoom(accountId, command.room, nick, true);
      }
      if (room.state === 'error' && room.error && ASK_AGAIN.has(room.error.code)) {
        useRoomDialog.getState().open({ kind: 'join', accountId, failed: room });
      } else if (room.state === 'error') {
        throw new Error(room.error?.message ?? t('The group chat refused to let you in.'));
      } else openRoom(accountId, command.room);
      return;
    }
    case 'omemo': {
      if (command.action === 'fingerprint') {
        useDevicesRequest.getState().show(accountId, command.jid);
        return;
      }
      const state = await getClient().call('omemo.conversation.set', {
        accountId,
        peer: command.jid,
        encryption: command.action === 'enable' ? 'omemo' : 'off',
      });
      useOmemoLocks.getState().put(state);
      return;
    }
    case 'sendfile': {
      if (command.jid !== peer) await openChat(accountId, command.jid);
      const files = await chooseFiles(command.path);
      stageFiles(accountId, command.jid, files);
      return;
    }
    case 'status': {
      const account = useAccounts.getState().accounts.find((a) => a.id === accountId);
      const show = command.show ?? account?.ownPresence.show ?? 'available';
      return setPresence(accountId, { show, status: command.message });
    }
  }
}
