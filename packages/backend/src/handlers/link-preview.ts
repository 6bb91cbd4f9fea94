import type { Accounts } from '../accounts.js';
import type { HandlerMap } from '../handler-types.js';
import type { RuntimeContext } from '../runtime/context.js';
import { LinkPreviews } from '../runtime/link-preview/link-previews.js';

/** links.preview: a stored message's link card (see LinkPreviews for who gets one). */
export function linkPreviewHandlers(
  accounts: Accounts,
  { store, files }: RuntimeContext,
): Pick<HandlerMap, 'links.preview'> {
  const previews = new LinkPreviews(store, {
    caPem: files.caPem,
    allowLoopbackHttp: files.allowLoopbackHttp,
    ...(files.resolveHost ? { resolveHost: files.resolveHost } : {}),
  });
  return {
    'links.preview': async ({ accountId, messageId }) => {
      accounts.record(accountId);
      return { preview: await previews.forMessage(accountId, messageId) };
    },
  };
}
