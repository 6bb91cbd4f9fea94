// Shared by the renderer (links it follows) and the backend (invitation links it acts on).
/** An `xmpp:` URI (RFC 5122, XEP-0147 query actions). */
export interface XmppUri {
  /** The target JID, percent-decoded. */
  jid: string;
  /** The query action ("join", "message", ...), or null when there is none. */
  action: string | null;
  /** The action's key=value pairs, decoded. */
  params: Record<string, string>;
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * Parse `xmpp:[//authority/]jid[?action[;key=value]*][#fragment]`. Returns null for anything
 * else, for bad percent-encoding, and for a JID with whitespace or markup characters.
 * The JID is only checked for shape here; the backend parses it properly.
 */
export function parseXmppUri(text: string): XmppUri | null {
  const trimmed = text.trim();
  if (!/^xmpp:/iu.test(trimmed)) return null;
  let rest = trimmed.slice(5).split('#', 1)[0] ?? '';
  // An authority names the account to act as; we act as the chosen account anyway.
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    if (slash < 0) return null;
    rest = rest.slice(slash + 1);
  }
  const question = rest.indexOf('?');
  const path = question < 0 ? rest : rest.slice(0, question);
  const query = question < 0 ? null : rest.slice(question + 1);
  const jid = decode(path);
  if (!jid || !isJidShaped(jid)) return null;
  const params: Record<string, string> = {};
  let action: string | null = null;
  if (query !== null) {
    const [first = '', ...pairs] = query.split(';');
    action = decode(first)?.trim().toLowerCase() || null;
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      const key = decode(eq < 0 ? pair : pair.slice(0, eq));
      const value = decode(eq < 0 ? '' : pair.slice(eq + 1));
      if (key === null || value === null) return null;
      if (key) params[key] = value;
    }
  }
  return { jid, action, params };
}

/** No whitespace, no characters a JID may not hold, something around the '@' when present. */
export function isJidShaped(jid: string): boolean {
  if (jid.length < 3 || jid.length > 3071) return false;
  if (/[\s<>'"&]/u.test(jid)) return false;
  const at = jid.indexOf('@');
  return at !== 0 && at !== jid.length - 1;
}
