import type { LinkPreview, Message } from '@parley/contract';
import type { Store } from '@parley/store';
import type { ProxyConfig } from '@parley/xmpp';
import { fetchPage, PAGE_LIMITS, type PageFetchOptions } from './fetch-page.js';
import { firstWebLink } from './first-link.js';
import { pageMeta } from './page-meta.js';

/** Cards kept (by URL), the oldest dropped first: memory stays bounded whatever is linked. */
const MAX_CACHED = 200;
/** A page that gave no card is asked again only after this long. */
const RETRY_AFTER_MS = 10 * 60_000;

interface Cached {
  at: number;
  card: Promise<LinkPreview | null>;
}

/**
 * Link cards (settings: linkPreviews, off by default). Only for a message of ours or from a
 * roster contact: a stranger's link would make this machine fetch whatever they choose the
 * moment it arrives. The page is fetched through the automatic-download address guard
 * (fetch-page.ts) and read with a real HTML parser (page-meta.ts); no image is fetched.
 */
export class LinkPreviews {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly store: Store,
    private readonly fetchOptions: Omit<PageFetchOptions, keyof typeof PAGE_LIMITS>,
  ) {}

  async forMessage(accountId: string, messageId: string): Promise<LinkPreview | null> {
    if (!this.store.settings.get('linkPreviews', null)) return null;
    const message = this.store.messages.get(accountId, messageId);
    if (!message || message.retracted || !this.trusted(message)) return null;
    const link = firstWebLink(message.body);
    // Through the account's proxy, read now: a Tor user's link cards never leave directly.
    const proxy = this.store.accounts.get(accountId)?.proxy ?? null;
    return link ? this.card(link, proxy) : null;
  }

  private trusted(message: Message): boolean {
    if (message.direction === 'out') return true;
    // A chat with a roster contact: a room's or a room occupant's address is none.
    return this.store.contacts.get(message.accountId, message.peer) !== null;
  }

  private card(link: URL, proxy: ProxyConfig | null): Promise<LinkPreview | null> {
    // A card fetched directly is not reused for an account behind a proxy (and back): the
    // cache must not tell whether the other route had fetched the page.
    const key = `${proxy ? 'proxied' : 'direct'} ${link.href}`;
    const cached = this.cache.get(key);
    if (cached && Date.now() - cached.at < RETRY_AFTER_MS) {
      // Most recently used last.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached.card;
    }
    const card = this.fetchCard(link, proxy);
    this.cache.set(key, { at: Date.now(), card });
    while (this.cache.size > MAX_CACHED) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
    return card;
  }

  private async fetchCard(link: URL, proxy: ProxyConfig | null): Promise<LinkPreview | null> {
    try {
      const page = await fetchPage(link, { ...PAGE_LIMITS, ...this.fetchOptions, proxy });
      const meta = pageMeta(page.html, page.url);
      return meta ? { url: page.url.href.slice(0, 4096), ...meta } : null;
    } catch (error) {
      console.info(`[parley] no link preview for ${link.host}: ${String(error)}`);
      return null;
    }
  }
}
