// The small part of @xmpp/client the benchmark baselines and testkit use (it ships no types).
declare module '@xmpp/client' {
  import type { Element } from '@xmpp/xml';
  export { xml } from '@xmpp/xml';
  interface BareClient {
    start(): Promise<unknown>;
    stop(): Promise<void>;
    send(el: Element): Promise<void>;
    on(event: 'stanza', listener: (stanza: Element) => void): void;
    on(event: 'error', listener: (error: Error) => void): void;
    removeListener(event: 'stanza', listener: (stanza: Element) => void): void;
    iqCaller: { request(el: Element, timeout?: number): Promise<Element> };
    streamManagement: { enabled: boolean };
  }
  export function client(options: {
    service: string;
    domain: string;
    username: string;
    password: string;
    resource?: string;
    timeout?: number;
  }): BareClient;
}
