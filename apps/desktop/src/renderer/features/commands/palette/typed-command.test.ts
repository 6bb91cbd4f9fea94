import '../../../test/jsdom.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../../app/client';
import { FakeClient, failure } from '../../../test/fake-client';
import { account } from '../../../test/fixtures';
import { resetStores } from '../../../test/reset';
import { useAccounts } from '../../accounts/store';
import { useUi } from '../../ui/store';
import { isTypedCommand, runTypedCommand } from './typed-command';

let client: FakeClient;
beforeEach(() => {
  resetStores();
  client = new FakeClient();
  setClient(client);
});

describe('a command typed in the palette', () => {
  it('is told from words to filter by', () => {
    expect(isTypedCommand('/roster add a@b.c')).toBe(true);
    expect(isTypedCommand('settings')).toBe(false);
    expect(isTypedCommand('//x')).toBe(false);
  });

  it('runs on the shown account when no conversation is open', async () => {
    useAccounts.setState({
      loaded: true,
      accounts: [account({ id: 'a1' }), account({ id: 'a2' })],
    });
    useUi.setState({ activeAccountId: 'a2' });
    expect(await runTypedCommand('/roster add ann@example.org "Ann Other"')).toBeNull();
    expect(client.callsOf('roster.add')).toEqual([
      { accountId: 'a2', jid: 'ann@example.org', name: 'Ann Other', groups: [] },
    ]);
  });

  it('answers a mistake, /help, a refusal, or the lack of an account in words', async () => {
    expect(await runTypedCommand('/roster add a@b.c')).toBe('Add an account first.');
    useAccounts.setState({ loaded: true, accounts: [account({ id: 'a1' })] });
    expect(await runTypedCommand('/omemo enable')).toMatch(/Something is missing/);
    expect(await runTypedCommand('/help away')).toMatch(/^\/away \[message\]/);
    client.handle('roster.remove', () => Promise.reject(failure('No such contact')));
    expect(await runTypedCommand('/roster remove x@y.z')).toBe('Not done: No such contact');
  });
});
