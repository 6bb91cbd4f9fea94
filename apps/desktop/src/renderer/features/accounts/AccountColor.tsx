import { ACCOUNT_COLORS, accountColor, type Account, type AccountColor } from '@parley/contract';
import * as Menu from '@radix-ui/react-dropdown-menu';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { errorText } from '../../app/client';
import { useT } from '../../i18n';
import { setAccountOptions } from './actions';

/** The palette's names, each written out so extraction finds it. */
export function colorLabels(t: TFunction): Record<AccountColor, string> {
  return {
    blue: t('Blue'),
    green: t('Green'),
    orange: t('Orange'),
    purple: t('Purple'),
    red: t('Red'),
    teal: t('Teal'),
    pink: t('Pink'),
    amber: t('Amber'),
  };
}

/** The account's colour as a dot (or a stripe): decoration, its name is said elsewhere. */
export function AccountColorMark({
  color,
  shape = 'dot',
}: {
  color: AccountColor;
  shape?: 'dot' | 'stripe';
}) {
  return (
    <span
      className={`account-color-${shape}`}
      data-account-color={color}
      style={{ backgroundColor: ACCOUNT_COLORS[color] }}
      aria-hidden="true"
    />
  );
}

const AUTOMATIC = 'automatic';

/** Picks the account's colour from the palette, or back to the one derived from its address. */
export function AccountColorPicker({ account }: { account: Account }) {
  const { t } = useT('accounts');
  const label = colorLabels(t);
  const [error, setError] = useState<string | null>(null);
  const choose = (value: string): void => {
    setError(null);
    const color = value === AUTOMATIC ? null : accountColor.parse(value);
    setAccountOptions({ id: account.id, color }).catch((e: unknown) => setError(errorText(e)));
  };
  return (
    <>
      <Menu.Root>
        <Menu.Trigger asChild>
          <button
            type="button"
            className="button button-small account-color-button"
            data-testid="account-color"
            aria-label={
              account.colorChosen
                ? t('Colour of {{jid}}: {{color}}. Change', {
                    jid: account.jid,
                    color: label[account.color],
                  })
                : t('Colour of {{jid}}: {{color}} (automatic). Change', {
                    jid: account.jid,
                    color: label[account.color],
                  })
            }
          >
            <AccountColorMark color={account.color} />
            {t('Colour')}
          </button>
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content className="menu" align="end" sideOffset={4}>
            <Menu.RadioGroup
              value={account.colorChosen ? account.color : AUTOMATIC}
              onValueChange={choose}
            >
              <Menu.RadioItem
                value={AUTOMATIC}
                className="menu-item"
                data-testid="account-color-automatic"
              >
                {t('Automatic')}
                <Menu.ItemIndicator className="menu-check">✓</Menu.ItemIndicator>
              </Menu.RadioItem>
              {accountColor.options.map((c) => (
                <Menu.RadioItem
                  key={c}
                  value={c}
                  className="menu-item"
                  data-testid={`account-color-${c}`}
                >
                  <AccountColorMark color={c} />
                  {label[c]}
                  <Menu.ItemIndicator className="menu-check">✓</Menu.ItemIndicator>
                </Menu.RadioItem>
              ))}
            </Menu.RadioGroup>
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      {error && (
        <p className="form-error small" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
