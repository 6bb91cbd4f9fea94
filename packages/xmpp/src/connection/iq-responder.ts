import xml, { type Element } from '@xmpp/xml';

const NS_STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';

export type IqType = 'get' | 'set';
/**
 * Answers an incoming iq get/set. Return the payload of the result (or nothing for an empty
 * result), or throw an IqReplyError to answer with an error.
 */
export type IqHandler = (iq: Element) => Element | null | undefined | void | Promise<Element | null | undefined | void>;

export class IqReplyError extends Error {
  constructor(
    readonly condition: string,
    readonly type: 'cancel' | 'modify' | 'auth' | 'wait' = 'cancel',
  ) {
    super(condition);
  }
}

/** Routes incoming iq get/set to one handler by (type, namespace, child name). RFC 6120 §8.2.3:
 * every get/set gets exactly one answer, so unknown ones are answered service-unavailable. */
export class IqResponder {
  private readonly handlers = new Map<string, IqHandler>();

  constructor(private readonly send: (el: Element) => Promise<void>) {}

  handle(type: IqType, xmlns: string, name: string, handler: IqHandler): () => void {
    const key = `${type} ${xmlns} ${name}`;
    this.handlers.set(key, handler);
    return () => {
      if (this.handlers.get(key) === handler) this.handlers.delete(key);
    };
  }

  /** Returns true if `iq` was a get/set (and is now answered or being answered). */
  dispatch(iq: Element): boolean {
    const type = iq.attrs.type;
    if (iq.name !== 'iq' || (type !== 'get' && type !== 'set')) return false;
    const children = iq.getChildElements();
    const child = children[0];
    const handler =
      children.length === 1 && child ? this.handlers.get(`${type} ${child.getNS() ?? ''} ${child.name}`) : undefined;
    if (!child || children.length !== 1) {
      void this.reply(iq, errorReply(iq, 'bad-request', 'modify'));
      return true;
    }
    if (!handler) {
      void this.reply(iq, errorReply(iq, 'service-unavailable', 'cancel'));
      return true;
    }
    Promise.resolve()
      .then(() => handler(iq))
      .then(
        (payload) => this.reply(iq, resultReply(iq, payload ?? null)),
        (err: unknown) =>
          this.reply(
            iq,
            err instanceof IqReplyError
              ? errorReply(iq, err.condition, err.type)
              : errorReply(iq, 'internal-server-error', 'cancel'),
          ),
      );
    return true;
  }

  private async reply(_iq: Element, reply: Element): Promise<void> {
    // The connection may be gone by now; the server answers the requester for us then.
    await this.send(reply).catch(() => {});
  }
}

function base(iq: Element, type: 'result' | 'error'): Element {
  return xml('iq', { type, id: iq.attrs.id, to: iq.attrs.from });
}

function resultReply(iq: Element, payload: Element | null): Element {
  const reply = base(iq, 'result');
  if (payload) reply.append(payload);
  return reply;
}

function errorReply(iq: Element, condition: string, type: string): Element {
  const reply = base(iq, 'error');
  reply.append(xml('error', { type }, xml(condition, { xmlns: NS_STANZAS })));
  return reply;
}
