import '../../test/jsdom.js';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyLanguage } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { account } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { AccountStateBadge } from './AccountStateBadge';
import { AddAccount } from './AddAccount';
import { ConnectionFields } from './ConnectionFields';
import { proxyProblem, NO_PROXY } from './ProxyFields';
import { fixFor } from './signup-words';
import { AccountHeader } from './AccountHeader';
import { useAccounts } from './store';

beforeEach(() => resetStores());
afterEach(() => {
  cleanup();
  applyLanguage('en');
});

describe('accounts in German and Arabic', () => {
  it('renders the sign-in form and its tabs in German', () => {
    applyLanguage('de');
    render(<AddAccount />);
    expect(screen.getByRole('tab', { name: 'Anmelden' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Konto erstellen' })).toBeTruthy();
    expect(screen.getByLabelText('Adresse (JID)')).toBeTruthy();
    expect(
      screen.getByRole('button', { name: 'Erweiterte Verbindungseinstellungen' }),
    ).toBeTruthy();
  });

  it('names connection states and TLS modes in the current language', () => {
    applyLanguage('de');
    render(
      <>
        <AccountStateBadge account={account({ state: 'connecting' })} testId="state" />
        <ConnectionFields
          value={{ host: '', port: '', tlsMode: 'auto', advanced: true }}
          onChange={() => {}}
          testIdPrefix="c"
        />
      </>,
    );
    expect(screen.getByTestId('state').textContent).toBe('Verbinde …');
    expect(screen.getByRole('option', { name: 'Direktes TLS' })).toBeTruthy();
    expect(screen.getByRole('option', { name: 'STARTTLS' })).toBeTruthy();
    applyLanguage('ar');
    expect(fixFor('auth-failed')).toBe('تحقّق من العنوان وكلمة المرور.');
    expect(proxyProblem({ ...NO_PROXY, type: 'socks5', host: '' })).toBe('أدخل مضيف الوكيل.');
  });

  it('writes the history count with Arabic plural forms', () => {
    applyLanguage('ar');
    useAccounts.getState().setAll([account()]);
    useAccounts.getState().setHistory('a1', { fetched: 2, done: false });
    const { rerender } = render(<AccountHeader />);
    expect(screen.getByTestId('history-progress').textContent).toContain('رسالتان');
    useAccounts.getState().setHistory('a1', { fetched: 1500, done: false });
    rerender(<AccountHeader />);
    // Grouped as Arabic writes numbers (the digits depend on the ICU data).
    expect(screen.getByTestId('history-progress').textContent).toContain(
      `${formatNumber(1500)} رسالة`,
    );
    expect(screen.getByRole('button', { name: 'الإعدادات' })).toBeTruthy();
  });
});
