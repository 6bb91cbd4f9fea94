import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { applyLanguage } from '../../i18n';
import { FakeClient } from '../../test/fake-client';
import { contact } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useBlocking } from '../blocking/store';
import { RosterPane } from './RosterPane';
import { useRoster } from './store';

const A = 'a1';

function Sized({ children }: { children: ReactNode }) {
  return (
    <VirtuosoMockContext.Provider value={{ viewportHeight: 600, itemHeight: 40 }}>
      {children}
    </VirtuosoMockContext.Provider>
  );
}

beforeEach(() => {
  resetStores();
  useBlocking.setState({ byAccount: {}, sets: {} });
  setClient(
    new FakeClient().handle('blocking.list', () => ({
      accountId: A,
      jids: [],
      supported: true,
      reporting: false,
    })),
  );
  useRoster
    .getState()
    .setRoster(A, [
      contact('alice@example.org', { show: 'away' }),
      contact('bob@example.org', { name: 'Bob', groups: ['Work'], show: 'available' }),
    ]);
  useRoster.getState().setRequests([{ accountId: A, jid: 'carol@example.net', name: null }]);
});
afterEach(() => {
  cleanup();
  setClient(null);
  applyLanguage('en');
});

describe('the roster in German and Arabic', () => {
  it('names groups, presence, requests and actions in German', () => {
    applyLanguage('de');
    render(<RosterPane accountId={A} />, { wrapper: Sized });
    // The group of contacts without one is named in the language; a user's group stays as is.
    expect(screen.getByTestId('roster-group-Contacts').textContent).toContain('Kontakte');
    expect(screen.getByTestId('roster-group-Work').textContent).toContain('Work');
    expect(screen.getByTestId('contact-alice@example.org').textContent).toContain('Abwesend');
    expect(screen.getByTestId('add-contact-button').getAttribute('aria-label')).toBe(
      'Kontakt hinzufügen',
    );
    expect(screen.getByTestId('subscription-requests').textContent).toContain(
      'carol@example.net möchte dich hinzufügen',
    );
    fireEvent.click(screen.getByTestId('add-contact-button'));
    const dialog = screen.getByTestId('contact-dialog');
    expect(within(dialog).getByText('Adresse (JID)')).toBeTruthy();
  });

  it('counts who is online in Arabic', () => {
    applyLanguage('ar');
    render(<RosterPane accountId={A} />, { wrapper: Sized });
    const work = screen.getByTestId('roster-group-Work');
    expect(work.querySelector('.roster-group-count')?.getAttribute('aria-label')).toBe(
      '1 من 1 متصل',
    );
    expect(screen.getByTestId('roster-group-Contacts').textContent).toContain('جهات الاتصال');
    expect(screen.getByText('طلبات الاتصال')).toBeTruthy();
  });
});
