import { randomUUID } from 'node:crypto';
import { connect as connectTcp, type Socket } from 'node:net';
import { child, escapeXml, type XmlElement, XmlStreamSplitter } from './xmpp-xml';

/**
 * A lean XMPP client over `node:net`: stream, SASL PLAIN, resource binding, session,
 * XEP-0198 stream management; then stanzas in and out. It does only what the benchmark
 * needs, so that the load generator costs little next to the server it measures.
 */

export const NS = {
  client: 'jabber:client',
  stream: 'http://etherx.jabber.org/streams',
  sasl: 'urn:ietf:params:xml:ns:xmpp-sasl',
  bind: 'urn:ietf:params:xml:ns:xmpp-bind',
  session: 'urn:ietf:params:xml:ns:xmpp-session',
  sm: 'urn:xmpp:sm:3',
  ping: 'urn:xmpp:ping',
  roster: 'jabber:iq:roster',
  stanzas: 'urn:ietf:params:xml:ns:xmpp-stanzas',
} as const;

/** Where an XMPP server of the benchmark listens: `xmpp://127.0.0.1:5222/bench.test`. */
export interface XmppAddress {
  host: string;
  port: number;
  domain: string;
}

export function parseXmppUrl(url: string): XmppAddress {
  const parsed = new URL(url);
  const domain = parsed.pathname.replace(/^\//, '');
  if (parsed.protocol !== 'xmpp:' || !parsed.port || !domain) throw new Error(`not an xmpp:// URL: ${url}`);
  return { host: parsed.hostname, port: Number(parsed.port), domain };
}

export function xmppUrl(address: XmppAddress): string {
  return `xmpp://${address.host}:${address.port}/${address.domain}`;
}

/** The part of a JID before `@` (the benchmark's user id). */
export function localpartOf(jid: string | undefined): string {
  if (!jid) return '';
  const at = jid.indexOf('@');
  return at < 0 ? '' : jid.slice(0, at);
}

const STANZAS = new Set(['message', 'presence', 'iq']);

export class XmppSession {
  private socket: Socket | null = null;
  private readonly splitter = new XmlStreamSplitter();
  /** Elements that arrived while the handshake was not waiting for one. */
  private readonly queued: XmlElement[] = [];
  private waiter: { resolve: (element: XmlElement) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;
  private ready = false;
  /** XEP-0198: stanzas sent since `<enable/>` and stanzas received since `<enabled/>`. */
  private outbound = 0;
  private inbound = 0;
  private smEnabled = false;
  private readonly acks: Array<{ upTo: number; resolve: () => void; reject: (error: Error) => void }> = [];
  private readonly iqs = new Map<
    string,
    { resolve: (iq: XmlElement) => void; reject: (error: Error) => void }
  >();
  private readonly listeners: Array<(stanza: XmlElement) => void> = [];
  /** The full JID the server bound. */
  jid = '';

  constructor(
    readonly address: XmppAddress,
    readonly localpart: string,
    private readonly password: string,
    private readonly resource = 'bench',
  ) {}

  /** Connects and authenticates; resolves once stanzas can flow (stream management on if offered). */
  async open(timeoutMs: number): Promise<void> {
    const timer = setTimeout(() => this.fail(new Error(`no session within ${timeoutMs} ms`)), timeoutMs);
    try {
      await this.handshake();
    } finally {
      clearTimeout(timer);
    }
  }

  onStanza(listener: (stanza: XmlElement) => void): void {
    this.listeners.push(listener);
  }

  /** Sends a stanza (counted for stream management). */
  send(stanza: string): void {
    if (this.smEnabled) this.outbound++;
    this.write(stanza);
  }

  /**
   * Sends a stanza followed by `<r/>` and resolves when the server's `<a h/>` covers it:
   * the server has handled the stanza (XEP-0198). Without stream management, rejects.
   */
  sendAcked(stanza: string): Promise<void> {
    if (!this.smEnabled) return Promise.reject(new Error('stream management is not enabled'));
    if (this.failure) return Promise.reject(this.failure);
    this.outbound++;
    const upTo = this.outbound;
    this.write(`${stanza}<r xmlns='${NS.sm}'/>`);
    return new Promise((resolve, reject) => this.acks.push({ upTo, resolve, reject }));
  }

  /** Sends an `<iq>` and resolves with the server's result (rejects on an error reply). */
  iq(type: 'get' | 'set', payload: string, to?: string): Promise<XmlElement> {
    if (this.failure) return Promise.reject(this.failure);
    const id = randomUUID();
    const promise = new Promise<XmlElement>((resolve, reject) => this.iqs.set(id, { resolve, reject }));
    this.send(`<iq type='${type}' id='${id}'${to ? ` to='${escapeXml(to)}'` : ''}>${payload}</iq>`);
    return promise;
  }

  /** Ends the stream the polite way, so the server does not keep the session for a resumption. */
  close(): void {
    const socket = this.socket;
    if (socket && !socket.destroyed) {
      if (this.ready) socket.write('</stream:stream>');
      socket.end();
      setTimeout(() => socket.destroy(), 2_000).unref();
    }
    this.fail(new Error('closed'));
  }

  private async handshake(): Promise<void> {
    const socket = connectTcp({ host: this.address.host, port: this.address.port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.receive(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('connection closed')));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('close', () => reject(this.failure ?? new Error('connection closed')));
    });
    this.openStream();
    const features = await this.next('stream:features');
    const mechanisms = child(features, 'mechanisms', NS.sasl);
    if (!mechanisms?.children.some((m) => m.text === 'PLAIN')) throw new Error('server offers no SASL PLAIN');
    const credentials = Buffer.from(`\0${this.localpart}\0${this.password}`).toString('base64');
    this.write(`<auth xmlns='${NS.sasl}' mechanism='PLAIN'>${credentials}</auth>`);
    const outcome = await this.next();
    if (outcome.name !== 'success') throw new Error(`SASL: ${outcome.children[0]?.name ?? outcome.name}`);
    this.splitter.restart();
    this.openStream();
    const boundFeatures = await this.next('stream:features');
    const bound = await this.iq(
      'set',
      `<bind xmlns='${NS.bind}'><resource>${escapeXml(this.resource)}</resource></bind>`,
    );
    this.jid = child(child(bound, 'bind', NS.bind) ?? bound, 'jid')?.text ?? '';
    const session = child(boundFeatures, 'session', NS.session);
    if (session && !child(session, 'optional')) await this.iq('set', `<session xmlns='${NS.session}'/>`);
    if (child(boundFeatures, 'sm', NS.sm)) {
      this.write(`<enable xmlns='${NS.sm}'/>`);
      const enabled = await this.next();
      if (enabled.name !== 'enabled') throw new Error(`stream management: ${enabled.name}`);
      this.smEnabled = true;
    }
    this.ready = true;
    for (const element of this.queued.splice(0)) this.dispatch(element);
  }

  private openStream(): void {
    this.write(
      `<?xml version='1.0'?><stream:stream to='${escapeXml(this.address.domain)}' xmlns='${NS.client}' xmlns:stream='${NS.stream}' version='1.0'>`,
    );
  }

  /** The next top-level element during the handshake (iq replies are matched by id instead). */
  private next(name?: string): Promise<XmlElement> {
    if (this.failure) return Promise.reject(this.failure);
    const queued = this.queued.shift();
    if (queued) return name && queued.name !== name ? this.unexpected(queued, name) : Promise.resolve(queued);
    return new Promise<XmlElement>((resolve, reject) => {
      this.waiter = { resolve, reject };
    }).then((element) => (name && element.name !== name ? this.unexpected(element, name) : element));
  }

  private unexpected(element: XmlElement, wanted: string): Promise<never> {
    const error = element.name === 'stream:error' ? (element.children[0]?.name ?? 'unknown') : element.name;
    return Promise.reject(new Error(`expected <${wanted}>, got <${element.name}> (${error})`));
  }

  private write(xml: string): void {
    if (this.socket && !this.socket.destroyed) this.socket.write(xml);
  }

  private receive(chunk: string): void {
    let events: ReturnType<XmlStreamSplitter['push']>;
    try {
      events = this.splitter.push(chunk);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    for (const event of events) {
      if (event.kind === 'close') this.fail(new Error('the server closed the stream'));
      else if (event.kind === 'element') this.dispatch(event.element);
    }
  }

  private dispatch(element: XmlElement): void {
    if (element.name === 'iq' && (element.attrs.type === 'result' || element.attrs.type === 'error')) {
      this.countInbound(element);
      const id = element.attrs.id ?? '';
      const waiting = this.iqs.get(id);
      this.iqs.delete(id);
      if (element.attrs.type === 'result') waiting?.resolve(element);
      else waiting?.reject(new Error(`iq error: ${child(element, 'error')?.children[0]?.name ?? 'unknown'}`));
      return;
    }
    if (element.name === 'stream:error') {
      const text = child(element, 'text')?.text;
      this.fail(new Error(`stream error: ${element.children[0]?.name}${text ? ` (${text})` : ''}`));
      return;
    }
    if (!this.ready) {
      const waiter = this.waiter;
      this.waiter = null;
      if (waiter) waiter.resolve(element);
      else this.queued.push(element);
      return;
    }
    if (element.name === 'a' && element.attrs.xmlns === NS.sm) {
      this.acked(Number(element.attrs.h));
    } else if (element.name === 'r' && element.attrs.xmlns === NS.sm) {
      this.write(`<a xmlns='${NS.sm}' h='${this.inbound}'/>`);
    } else {
      this.countInbound(element);
      if (element.name === 'iq') this.answerIq(element);
      else for (const listener of this.listeners) listener(element);
    }
  }

  private countInbound(element: XmlElement): void {
    if (this.smEnabled && STANZAS.has(element.name)) this.inbound = (this.inbound + 1) % 2 ** 32;
  }

  /** Acknowledgement counts wrap at 2^32; the benchmark never gets near that. */
  private acked(h: number): void {
    while (this.acks.length > 0 && (this.acks[0]?.upTo ?? Number.POSITIVE_INFINITY) <= h)
      this.acks.shift()?.resolve();
  }

  /** Pings (XEP-0199) get a result; any other request an error, as RFC 6120 asks. */
  private answerIq(iq: XmlElement): void {
    const id = escapeXml(iq.attrs.id ?? '');
    const to = iq.attrs.from ? ` to='${escapeXml(iq.attrs.from)}'` : '';
    if (iq.attrs.type !== 'get' && iq.attrs.type !== 'set') return;
    if (child(iq, 'ping', NS.ping)) this.send(`<iq type='result' id='${id}'${to}/>`);
    else
      this.send(
        `<iq type='error' id='${id}'${to}><error type='cancel'><service-unavailable xmlns='${NS.stanzas}'/></error></iq>`,
      );
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.waiter?.reject(error);
    this.waiter = null;
    for (const ack of this.acks.splice(0)) ack.reject(error);
    for (const iq of this.iqs.values()) iq.reject(error);
    this.iqs.clear();
    this.socket?.destroy();
  }
}
