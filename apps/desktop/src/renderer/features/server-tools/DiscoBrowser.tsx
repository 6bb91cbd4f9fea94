import type { DiscoEntity, DiscoItemView } from '@parley/contract';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { errorText, getClient } from '../../app/client';
import { useT } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { isBareAddress } from '../../ui/names';
import { useRoomDialog } from '../rooms/dialogs';
import { useServerTools } from './store';
import { featureName, identityWords } from './words';

const NS_COMMANDS = 'http://jabber.org/protocol/commands';
const NS_MUC = 'http://jabber.org/protocol/muc';

interface Place {
  jid: string | null;
  node: string | null;
}

type Load =
  | { state: 'loading' }
  | { state: 'error'; error: string }
  | { state: 'ready'; entity: DiscoEntity; moreBusy: boolean };

/**
 * XEP-0030 service discovery: what any address is (identities, features) and what it holds
 * (items, with nodes), browsed like folders with an address field and Back.
 */
export function DiscoBrowser({ accountId, jid }: { accountId: string; jid?: string }) {
  const { t } = useT('server-tools');
  const id = useId();
  const close = useServerTools((s) => s.close);
  const openTool = useServerTools((s) => s.open);
  const [trail, setTrail] = useState<Place[]>([{ jid: jid ?? null, node: null }]);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [address, setAddress] = useState(jid ?? '');
  const [node, setNode] = useState('');
  const here = trail[trail.length - 1] ?? { jid: null, node: null };

  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    getClient()
      .call('servertools.disco.browse', { accountId, jid: here.jid, node: here.node })
      .then((entity) => {
        if (!live) return;
        setLoad({ state: 'ready', entity, moreBusy: false });
        setAddress(entity.jid);
        setNode(entity.node ?? '');
      })
      .catch((e: unknown) => live && setLoad({ state: 'error', error: errorText(e) }));
    return () => {
      live = false;
    };
  }, [accountId, here.jid, here.node]);

  const go = (place: Place): void => setTrail((t) => [...t, place]);
  const back = (): void => setTrail((t) => (t.length > 1 ? t.slice(0, -1) : t));
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const jidText = address.trim();
    go({ jid: jidText || null, node: node.trim() || null });
  };

  const more = (): void => {
    if (load.state !== 'ready' || !load.entity.nextPage) return;
    const { entity } = load;
    setLoad({ ...load, moreBusy: true });
    getClient()
      .call('servertools.disco.browse', {
        accountId,
        jid: entity.jid,
        node: entity.node,
        after: entity.nextPage,
      })
      .then((page) =>
        setLoad({
          state: 'ready',
          moreBusy: false,
          entity: { ...entity, items: [...entity.items, ...page.items], nextPage: page.nextPage },
        }),
      )
      .catch((e: unknown) => setLoad({ state: 'error', error: errorText(e) }));
  };

  const entity = load.state === 'ready' ? load.entity : null;
  const isConference = entity?.identities.some((i) => i.category === 'conference') ?? false;
  // A room is a conference entity with a local part; the service itself has none.
  const isRoom =
    isConference && !!entity && isBareAddress(entity.jid) && entity.features.includes(NS_MUC);
  const isMucService = isConference && !isRoom;
  const hasCommands = entity?.features.includes(NS_COMMANDS) ?? false;
  // Our own server (the default view): its software, uptime and contacts are one click away.
  const isOwnServer =
    here.jid === null && !!entity?.identities.some((i) => i.category === 'server');

  const joinRoom = (room: string): void => {
    close();
    useRoomDialog.getState().open({ kind: 'join', accountId, address: room });
  };

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && close()}
      title={t('Discover services')}
      description={t('What an address is and what it offers (XEP-0030).')}
      testId="disco-dialog"
      wide
    >
      <form className="disco-address" onSubmit={submit}>
        <button
          type="button"
          className="button button-small"
          onClick={back}
          disabled={trail.length < 2}
          data-testid="disco-back"
        >
          {t('Back')}
        </button>
        <label htmlFor={`${id}-jid`} className="visually-hidden">
          {t('Address')}
        </label>
        <input
          id={`${id}-jid`}
          className="grow"
          data-testid="disco-address"
          value={address}
          placeholder={t('Address (empty: your server)')}
          onChange={(e) => setAddress(e.target.value)}
          spellCheck={false}
        />
        <label htmlFor={`${id}-node`} className="visually-hidden">
          {t('Node')}
        </label>
        <input
          id={`${id}-node`}
          className="disco-node"
          data-testid="disco-node"
          value={node}
          placeholder={t('Node')}
          onChange={(e) => setNode(e.target.value)}
          spellCheck={false}
        />
        <button type="submit" className="button button-small" data-testid="disco-go">
          {t('Go')}
        </button>
      </form>
      {load.state === 'loading' && (
        <p className="dialog-status" role="status">
          <span className="spinner" aria-hidden="true" />{' '}
          {here.jid === null ? t('Asking your server…') : t('Asking {{jid}}…', { jid: here.jid })}
        </p>
      )}
      {load.state === 'error' && (
        <p className="form-error" role="alert" data-testid="disco-error">
          {load.error}
        </p>
      )}
      {entity && (
        <div className="disco-body" data-testid="disco-entity">
          <section aria-labelledby={`${id}-what`}>
            <h3 id={`${id}-what`} className="disco-heading">
              {entity.jid}
              {entity.node ? ` · ${entity.node}` : ''}
            </h3>
            {entity.infoError && (
              <p className="form-error small" data-testid="disco-info-error">
                {entity.infoError}
              </p>
            )}
            <ul className="disco-identities">
              {entity.identities.map((i, n) => (
                <li key={n}>
                  <strong>{i.name ?? identityWords(i.category, i.type)}</strong>{' '}
                  <span className="hint">
                    {t('({{kind}}: {{category}}/{{type}})', {
                      kind: identityWords(i.category, i.type),
                      category: i.category,
                      type: i.type,
                    })}
                  </span>
                </li>
              ))}
            </ul>
            <div className="disco-actions">
              {isRoom && (
                <button
                  type="button"
                  className="button button-small button-primary"
                  data-testid="disco-join"
                  onClick={() => joinRoom(entity.jid)}
                >
                  {t('Join this room')}
                </button>
              )}
              {isOwnServer && (
                <button
                  type="button"
                  className="button button-small"
                  data-testid="disco-server-info"
                  onClick={() => openTool({ kind: 'server-info', accountId })}
                >
                  {t('Server information…')}
                </button>
              )}
              {hasCommands && (
                <button
                  type="button"
                  className="button button-small"
                  data-testid="disco-commands"
                  onClick={() => openTool({ kind: 'adhoc', accountId, jid: entity.jid })}
                >
                  {t('Commands…')}
                </button>
              )}
            </div>
          </section>
          <section aria-labelledby={`${id}-items`}>
            <h3 id={`${id}-items`} className="disco-heading">
              {t('Items ({{count, number}})', { count: entity.totalItems ?? entity.items.length })}
            </h3>
            {entity.itemsError && (
              <p className="form-error small" data-testid="disco-items-error">
                {entity.itemsError}
              </p>
            )}
            {entity.items.length === 0 && !entity.itemsError && (
              <p className="hint">{t('None.')}</p>
            )}
            <ul className="disco-items" data-testid="disco-items">
              {entity.items.map((item, n) => (
                <ItemRow
                  key={`${n}-${item.jid}-${item.node ?? ''}`}
                  item={item}
                  roomOfService={isMucService && isBareAddress(item.jid)}
                  onBrowse={() => go({ jid: item.jid, node: item.node })}
                  onJoin={() => joinRoom(item.jid)}
                />
              ))}
            </ul>
            {entity.truncated && (
              <p className="hint" data-testid="disco-truncated">
                {t(
                  'Only the first {{count, number}} items are shown: this service does not page its list.',
                  { count: entity.items.length },
                )}
              </p>
            )}
            {entity.nextPage && (
              <button
                type="button"
                className="button button-small"
                onClick={more}
                disabled={load.state === 'ready' && load.moreBusy}
                data-testid="disco-more"
              >
                {t('More items')}
              </button>
            )}
          </section>
          <section aria-labelledby={`${id}-features`}>
            <h3 id={`${id}-features`} className="disco-heading">
              {t('Features ({{count, number}})', { count: entity.features.length })}
            </h3>
            <ul className="disco-features" data-testid="disco-features">
              {entity.features.map((f) => (
                <li key={f}>
                  {featureName(f) ?? <span className="hint">{t('Unknown feature')}</span>}{' '}
                  <code className="disco-var">{f}</code>
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}
    </Dialog>
  );
}

function ItemRow({
  item,
  roomOfService,
  onBrowse,
  onJoin,
}: {
  item: DiscoItemView;
  roomOfService: boolean;
  onBrowse(): void;
  onJoin(): void;
}) {
  const { t } = useT('server-tools');
  const label = item.name || item.jid;
  return (
    <li className="disco-item">
      <span className="grow">
        <span className="disco-item-name">{label}</span>
        {(item.name || item.node) && (
          <span className="hint">
            {' '}
            {item.jid}
            {item.node ? ` · ${t('node {{node}}', { node: item.node })}` : ''}
          </span>
        )}
      </span>
      {roomOfService && (
        <button
          type="button"
          className="button button-small"
          onClick={onJoin}
          aria-label={t('Join {{name}}', { name: label })}
        >
          {t('Join')}
        </button>
      )}
      <button
        type="button"
        className="button button-small"
        onClick={onBrowse}
        aria-label={t('Browse {{name}}', { name: label })}
        data-testid={`disco-browse-${item.jid}`}
      >
        {t('Browse')}
      </button>
    </li>
  );
}
