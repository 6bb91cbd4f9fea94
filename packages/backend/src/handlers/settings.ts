import { parseSettingValue, SETTINGS, type SettingEntry } from '@parley/contract';
import type { Accounts } from '../accounts.js';
import { HandlerError, type HandlerMap } from '../handler-types.js';
import type { RuntimeContext } from '../runtime/context.js';
import { downloadsFolderProblem } from '../runtime/files/downloads-folder.js';

type SettingsHandlers = Pick<HandlerMap, 'settings.get' | 'settings.set'>;

/**
 * Preferences through one pair of commands. The contract has checked the key, the scope and
 * the value's schema already; the value is parsed once more here so that what is stored is
 * exactly the schema's output, and a bad value can never reach the store.
 */
export function settingsHandlers(
  accounts: Accounts,
  { store, bus }: RuntimeContext,
): SettingsHandlers {
  return {
    'settings.get': ({ key, accountId }) => {
      if (accountId !== null) accounts.record(accountId);
      return { key, accountId, value: store.settings.get(key, accountId) };
    },
    'settings.set': async ({ key, accountId, value }) => {
      if (accountId !== null) accounts.record(accountId);
      const parsed = parseSettingValue(key, value);
      if (!parsed.ok) throw new HandlerError('invalid-payload', parsed.message);
      // A folder downloads will be written to: only an existing one we may write to.
      if (key === 'downloadsFolder') {
        const problem = await downloadsFolderProblem(parsed.value as string);
        if (problem) throw new HandlerError('invalid-payload', problem);
      }
      const entry: SettingEntry = {
        key,
        accountId,
        value: store.settings.set(key, accountId, parsed.value),
      };
      bus.emit('settings.changed', entry);
      // The account view carries its preferences too (the composer reads sendChatStates there).
      if (accountId !== null && SETTINGS[key].scope === 'account') {
        bus.emit('account.changed', accounts.viewById(accountId));
      }
      // OMEMO turned on: publish our device now on every online account, not at the next login.
      if (key === 'omemo' && entry.value === true) {
        for (const record of store.accounts.list()) {
          const runtime = accounts.runtime(record.id);
          const session = runtime.online;
          if (session) void runtime.omemo.onFreshSession(session).catch(() => {});
        }
      }
      return entry;
    },
  };
}
