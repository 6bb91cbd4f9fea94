import type { LinkPreview, Message } from '@parley/contract';
import { useEffect, useState } from 'react';
import { getClient } from '../../app/client';
import { usePrefs } from '../settings/prefs-store';

/** Cards asked for, by message (a timeline re-renders often): bounded, oldest dropped. */
const asked = new Map<string, Promise<LinkPreview | null>>();
const MAX_ASKED = 500;

function previewOf(message: Message): Promise<LinkPreview | null> {
  const key = `${message.accountId}\u0000${message.id}`;
  let card = asked.get(key);
  if (!card) {
    card = getClient()
      .call('links.preview', { accountId: message.accountId, messageId: message.id })
      .then((r) => r.preview)
      .catch(() => null);
    asked.set(key, card);
    if (asked.size > MAX_ASKED) asked.delete(asked.keys().next().value!);
  }
  return card;
}

/** Forgets the cards asked for (tests; a settings change asks again). */
export function forgetLinkPreviews(): void {
  asked.clear();
}

/**
 * A small card under a message with a web link (settings: linkPreviews, off by default): the
 * page's title, description and site, as text. The backend decides whether it fetches at all
 * (a contact's or our own message only) and what; no remote image is shown.
 */
export function LinkPreviewCard({ message }: { message: Message }) {
  const enabled = usePrefs((s) => s.linkPreviews);
  const hasLink = /\bhttps?:\/\//iu.test(message.body);
  const [card, setCard] = useState<LinkPreview | null>(null);
  useEffect(() => {
    if (!enabled || !hasLink) {
      setCard(null);
      return;
    }
    let live = true;
    void previewOf(message).then((c) => live && setCard(c));
    return () => {
      live = false;
    };
  }, [enabled, hasLink, message]);
  if (!enabled || !card) return null;
  return (
    <div className="link-card" data-testid="link-preview" dir="auto">
      <span className="link-card-site">{card.site}</span>
      {card.title && <strong className="link-card-title">{card.title}</strong>}
      {card.description && <span className="link-card-description">{card.description}</span>}
    </div>
  );
}
