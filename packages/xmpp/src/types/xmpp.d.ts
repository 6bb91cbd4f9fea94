// Local type declarations for the @xmpp/* packages (0.14 ships plain JavaScript, no .d.ts).
// Only what Parley uses is declared; widen here rather than casting at call sites.
// This file is a script (no top-level import/export) so each block is an ambient module.

declare module '@xmpp/xml' {
  export type Node = Element | string;
  export type Attrs = Record<string, string>;

  export class Element {
    constructor(name: string, attrs?: Record<string, string | number | null | undefined>);
    name: string;
    attrs: Attrs;
    children: Node[];
    parent: Element | null;
    is(name: string, xmlns?: string): boolean;
    getName(): string;
    getNS(): string | undefined;
    getAttr(name: string, xmlns?: string): string | undefined;
    getChild(name: string, xmlns?: string): Element | undefined;
    getChildren(name: string, xmlns?: string): Element[];
    getChildElements(): Element[];
    getChildByAttr(
      attr: string,
      val: string,
      xmlns?: string,
      recursive?: boolean,
    ): Element | undefined;
    getChildrenByAttr(attr: string, val: string, xmlns?: string, recursive?: boolean): Element[];
    getText(): string;
    getChildText(name: string, xmlns?: string): string | null;
    text(): string;
    text(val: string): Element;
    attr(name: string): string | undefined;
    attr(name: string, val: string | null): Element;
    c(name: string, attrs?: Record<string, string>): Element;
    cnode<T extends Node>(child: T): T;
    t(text: string): Element;
    up(): Element;
    root(): Element;
    append(...nodes: Node[]): void;
    prepend(...nodes: Node[]): void;
    remove(el: Element | string, xmlns?: string): Element;
    toString(): string;
  }

  type Child = Node | Child[] | null | undefined | false | true | '';

  export class XMLError extends Error {}

  export class Parser {
    constructor();
    write(data: string): void;
    end(data?: string): void;
    on(event: 'element' | 'start' | 'end', listener: (el: Element) => void): this;
    on(event: 'error', listener: (err: Error) => void): this;
  }

  export function createElement(
    name: string,
    attrs?: Record<string, string | number | null | undefined> | null,
    ...children: Child[]
  ): Element;

  interface Xml {
    (
      name: string,
      attrs?: Record<string, string | number | null | undefined> | null,
      ...children: Child[]
    ): Element;
    Element: typeof Element;
    Parser: typeof Parser;
    escapeXML(s: string): string;
    unescapeXML(s: string): string;
    escapeXMLText(s: string): string;
    unescapeXMLText(s: string): string;
  }
  export const xml: Xml;
  export function escapeXML(s: string): string;
  export function unescapeXML(s: string): string;
  export function escapeXMLText(s: string): string;
  export function unescapeXMLText(s: string): string;
  const _default: Xml;
  export default _default;
}

declare module '@xmpp/xml/lib/parse.js' {
  import type { Element } from '@xmpp/xml';
  export default function parse(xml: string): Element;
}

declare module '@xmpp/jid' {
  export class JID {
    constructor(local: string | null | undefined, domain: string, resource?: string | null);
    local: string;
    domain: string;
    resource: string;
    bare(): JID;
    equals(other: JID): boolean;
    toString(unescape?: boolean): string;
    getLocal(unescape?: boolean): string;
    getDomain(): string;
    getResource(): string;
    setLocal(local: string, escape?: boolean): void;
    setDomain(domain: string): void;
    setResource(resource: string): void;
  }
  export function jid(address: string): JID;
  export function jid(local: string | null, domain: string, resource?: string | null): JID;
  export function parse(address: string): JID;
  export function equal(a: JID, b: JID): boolean;
  export function escapeLocal(local: string): string;
  export function unescapeLocal(local: string): string;
  export function detectEscape(local: string): boolean;
  interface JidFn {
    (address: string): JID;
    (local: string | null, domain: string, resource?: string | null): JID;
    jid: typeof jid;
    JID: typeof JID;
    parse: typeof parse;
    equal: typeof equal;
  }
  const _default: JidFn;
  export default _default;
}

declare module '@xmpp/events' {
  import { EventEmitter } from 'node:events';
  export { EventEmitter };
  export class TimeoutError extends Error {}
  export function promise<T = unknown>(
    target: NodeJS.EventEmitter,
    event: string,
    rejectEvent?: string | null,
    timeout?: number,
  ): Promise<T>;
  export function timeout<T>(promise: Promise<T>, ms: number): Promise<T>;
  export function delay(ms: number): Promise<void>;
}

declare module '@xmpp/connection' {
  import { EventEmitter } from 'node:events';
  import type { Element, Parser } from '@xmpp/xml';
  import type { JID } from '@xmpp/jid';

  /** The socket contract @xmpp/connection drives: events data/close/connect/error. */
  export interface ConnectionSocket extends EventEmitter {
    secure?: boolean;
    write(data: string, cb: (err?: Error | null) => void): void;
    end(): void;
  }

  export interface ConnectionOptions {
    domain: string;
    lang?: string;
    service?: string;
    timeout?: number;
  }

  export default class Connection extends EventEmitter {
    constructor(options: ConnectionOptions);
    /** Default namespace of the stream ('jabber:client'); on the prototype in @xmpp/tcp. */
    NS: string;
    jid: JID | null;
    timeout: number;
    options: ConnectionOptions;
    status: string;
    socket: ConnectionSocket | null;
    parser: Parser | null;
    root: Element | null;
    isSecure(): boolean;
    _onData(data: Buffer | string): void;
    _attachSocket(socket: ConnectionSocket): void;
    _detachSocket(): void;
    _attachParser(parser: Parser): void;
    _detachParser(): void;
    _onSeeOtherHost(error: Error): Promise<void>;
    _status(status: string, ...args: unknown[]): void;
    _jid(id: string): JID;
    _ready(resumed?: boolean): void;
    _streamError(condition: string, children?: Element[]): Promise<void>;
    connect(service?: string): Promise<void>;
    open(options: { domain: string; lang?: string }): Promise<Element>;
    restart(): Promise<Element>;
    disconnect(): Promise<Element | undefined>;
    stop(): Promise<Element | undefined>;
    send(element: Element): Promise<void>;
    sendMany(elements: Element[]): Promise<void>;
    sendReceive(element: Element, timeout?: number): Promise<Element>;
    write(data: string): Promise<void>;
    header(el: Element): string;
    headerElement(): Element;
    hook(event: 'close', handler: () => Promise<void> | void): void;
  }
}

declare module '@xmpp/connection-tcp' {
  import Connection from '@xmpp/connection';
  export default class ConnectionTCP extends Connection {}
}

declare module '@xmpp/middleware' {
  import type { Element } from '@xmpp/xml';
  import type { JID } from '@xmpp/jid';
  import type Connection from '@xmpp/connection';

  export interface Context {
    stanza: Element;
    entity: Connection;
    name: string;
    id: string;
    type: string;
    from: JID | null;
    to: JID | null;
  }
  export type Next = () => Promise<unknown>;
  export type Middleware = (ctx: Context, next: Next) => unknown;
  export interface MiddlewareApi {
    use(fn: Middleware): Middleware;
    filter(fn: Middleware): Middleware;
  }
  export default function middleware(args: { entity: Connection }): MiddlewareApi;
}

declare module '@xmpp/middleware/lib/StanzaError.js' {
  import type { Element } from '@xmpp/xml';
  export default class StanzaError extends Error {
    condition: string;
    text: string;
    type: string;
    element: Element;
  }
}

declare module '@xmpp/stream-features' {
  import type { Element } from '@xmpp/xml';
  import type { Context, MiddlewareApi, Next } from '@xmpp/middleware';
  export interface StreamFeatures {
    use(
      name: string,
      xmlns: string,
      handler: (ctx: Context, next: Next, feature: Element) => unknown,
    ): void;
  }
  export default function streamFeatures(args: { middleware: MiddlewareApi }): StreamFeatures;
}

declare module '@xmpp/iq/caller.js' {
  import type { Element } from '@xmpp/xml';
  import type Connection from '@xmpp/connection';
  import type { MiddlewareApi } from '@xmpp/middleware';
  export interface IqCaller {
    request(stanza: Element, timeout?: number): Promise<Element>;
    get(element: Element, to?: string, timeout?: number): Promise<Element>;
    set(element: Element, to?: string, timeout?: number): Promise<Element>;
  }
  export default function iqCaller(args: {
    entity: Connection;
    middleware: MiddlewareApi;
  }): IqCaller;
}

declare module '@xmpp/resource-binding' {
  import type { IqCaller } from '@xmpp/iq/caller.js';
  import type { StreamFeatures } from '@xmpp/stream-features';
  export default function resourceBinding(
    args: { streamFeatures: StreamFeatures; iqCaller: IqCaller },
    resource: string | (() => string | Promise<string>),
  ): void;
}

declare module '@xmpp/stream-management' {
  import { EventEmitter } from 'node:events';
  import type { Element } from '@xmpp/xml';
  import type Connection from '@xmpp/connection';
  import type { MiddlewareApi } from '@xmpp/middleware';
  import type { StreamFeatures } from '@xmpp/stream-features';

  export const NS: string;
  export interface StreamManagement extends EventEmitter {
    preferredMaximum: number | null;
    enabled: boolean;
    enableSent: boolean;
    id: string;
    outbound_q: { stanza: Element; stamp: string }[];
    outbound: number;
    inbound: number;
    max: string | null;
    /** ms to wait for any data after <r/> before disconnecting; 0 disables. */
    timeout: number;
    /** ms between periodic <r/>; 0 disables. */
    requestAckInterval: number;
    requestAckDebounce: number;
    on(event: 'ack' | 'fail', listener: (stanza: Element) => void): this;
    on(event: 'resumed', listener: () => void): this;
  }
  export default function streamManagement(args: {
    streamFeatures: StreamFeatures;
    entity: Connection;
    middleware: MiddlewareApi;
    bind2?: unknown;
    sasl2?: unknown;
  }): StreamManagement;
}
