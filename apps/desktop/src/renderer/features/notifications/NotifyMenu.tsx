import type { ConversationKind, NotifyMode } from '@parley/contract';
import * as Menu from '@radix-ui/react-dropdown-menu';
import { useState } from 'react';
import { errorText, getClient } from '../../app/client';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { useConversations } from '../conversations/store';
import { chatKey } from '../ui/store';
import { defaultNotify } from './notify-mode';

/** The header's bell: when this conversation shows desktop notifications. */
export function NotifyMenu({
  accountId,
  peer,
  kind,
}: {
  accountId: string;
  peer: string;
  kind: ConversationKind;
}) {
  const { t } = useT('notifications');
  const mode = useConversations((s) => s.byKey.get(chatKey(accountId, peer))?.notify ?? 'default');
  const [error, setError] = useState<string | null>(null);
  const muted = (mode === 'default' ? defaultNotify(kind) : mode) === 'never';
  const modes: NotifyMode[] =
    kind === 'room' ? ['default', 'all', 'mentions', 'never'] : ['default', 'all', 'never'];
  const choose = (notify: NotifyMode): void => {
    setError(null);
    getClient()
      .call('conversations.setNotify', { accountId, peer, notify })
      .then((conversation) => useConversations.getState().upsert(conversation))
      .catch((e: unknown) => setError(errorText(e)));
  };
  // Each label written out, so extraction finds it; "default" says what it means here.
  const labels: Record<NotifyMode, string> = {
    default:
      defaultNotify(kind) === 'mentions'
        ? t('Default (only when my nickname is mentioned)')
        : t('Default (every message)'),
    all: t('Every message'),
    mentions: t('Only when my nickname is mentioned'),
    never: t('Off'),
  };
  const label = muted ? t('Notifications are off') : t('Notifications');
  return (
    <Menu.Root>
      <Menu.Trigger asChild>
        <button
          type="button"
          className="icon-button"
          data-testid="notify-menu"
          data-mode={mode}
          aria-label={label}
          title={error ? t('{{label}} (could not change: {{error}})', { label, error }) : label}
        >
          <Icon name={muted ? 'bell-off' : 'bell'} />
        </button>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content className="menu" align="end" sideOffset={4}>
          <Menu.Label className="menu-label">{t('Desktop notifications')}</Menu.Label>
          <Menu.RadioGroup value={mode} onValueChange={(v) => choose(v as NotifyMode)}>
            {modes.map((m) => (
              <Menu.RadioItem key={m} value={m} className="menu-item" data-testid={`notify-${m}`}>
                <Menu.ItemIndicator className="menu-check">✓</Menu.ItemIndicator>
                {labels[m]}
              </Menu.RadioItem>
            ))}
          </Menu.RadioGroup>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
