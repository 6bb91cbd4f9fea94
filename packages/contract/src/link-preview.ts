// Link previews (off by default): a small card for a message's first web link.
import { z } from 'zod';
import { accountId } from './ids.js';

/** What a link's card shows: text only, read from the page's head by the backend. */
export const linkPreview = z.object({
  /** The page the card is for (after redirects). */
  url: z.string().max(4096),
  title: z.string().max(200),
  description: z.string().max(300),
  site: z.string().max(100),
});
export type LinkPreview = z.infer<typeof linkPreview>;

export const linkPreviewCommands = {
  /**
   * The card for a stored message's first http(s) link: null when previews are off, the
   * sender is neither a roster contact nor us, there is no link, or the page offers no card.
   * The backend takes the link from the stored message, never from the caller.
   */
  'links.preview': {
    request: z.object({ accountId, messageId: z.string().min(1).max(128) }),
    response: z.object({ preview: linkPreview.nullable() }),
  },
};
