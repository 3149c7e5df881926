import { randomUUID } from 'node:crypto';
import type { BenchClient, IncomingMessage, IncomingPresence, IncomingUpdate } from '../generator/clients';
import { localpartOf, NS, parseXmppUrl, XmppSession } from './xmpp-client';
import { child, escapeXml, type XmlElement } from './xmpp-xml';

const CONNECT_TIMEOUT_MS = 120_000;
const CORRECTION_NS = 'urn:xmpp:message-correct:0';

/**
 * The scenarios' client for an XMPP peer. The user id is the JID's localpart, the
 * "token" the account's password, and a 1:1 "conversation" is the other user's bare JID
 * (bench/peers/accounts.ts maps Beacon's fixture so). The acknowledgement of a send is
 * XEP-0198's `<a/>`: the server has handled the message (routed it and written it to its
 * archive), not the receiver's receipt.
 */
export class XmppBenchClient implements BenchClient {
  private readonly session: XmppSession;
  private rosterSize = 0;
  private readonly messageListeners: Array<(message: IncomingMessage) => void> = [];
  private readonly updateListeners: Array<(update: IncomingUpdate) => void> = [];
  private readonly presenceListeners: Array<(presence: IncomingPresence) => void> = [];

  constructor(
    url: string,
    readonly userId: string,
    password: string,
  ) {
    this.session = new XmppSession(parseXmppUrl(url), userId, password);
    this.session.onStanza((stanza) => this.receive(stanza));
  }

  /**
   * Like a desktop client: session, the roster (the contacts it follows), then initial
   * presence, which makes the server probe those contacts and tell the others.
   */
  async connect(): Promise<void> {
    await this.session.open(CONNECT_TIMEOUT_MS);
    const roster = await this.session.iq('get', `<query xmlns='${NS.roster}'/>`);
    this.rosterSize = child(roster, 'query', NS.roster)?.children.length ?? 0;
    this.session.send('<presence/>');
  }

  /**
   * The subscriptions are in the pre-seeded rosters already; one ping round trip makes
   * sure the server has handled the initial presence (and its probes) before the scenario
   * goes on. Resolves with the roster's size.
   */
  async subscribe(_userIds: string[]): Promise<number> {
    await this.session.iq('get', `<ping xmlns='${NS.ping}'/>`);
    return this.rosterSize;
  }

  async send(
    conversationId: string,
    clientId: string,
    body: string,
  ): Promise<{ rateLimited: number; messageId: string }> {
    await this.session.sendAcked(this.message(conversationId, clientId, body));
    return { rateLimited: 0, messageId: clientId };
  }

  /** XEP-0308 Last Message Correction: a new message that names the one it replaces. */
  async edit(conversationId: string, messageId: string, body: string): Promise<{ rateLimited: number }> {
    const correction = `<replace xmlns='${CORRECTION_NS}' id='${escapeXml(messageId)}'/>`;
    await this.session.sendAcked(this.message(conversationId, randomUUID(), body, correction));
    return { rateLimited: 0 };
  }

  async setPresence(status: 'available' | 'busy', message: string): Promise<void> {
    const show = status === 'busy' ? '<show>dnd</show>' : '';
    await this.session.sendAcked(`<presence>${show}<status>${escapeXml(message)}</status></presence>`);
  }

  onMessage(listener: (message: IncomingMessage) => void): void {
    this.messageListeners.push(listener);
  }

  onMessageUpdated(listener: (update: IncomingUpdate) => void): void {
    this.updateListeners.push(listener);
  }

  onPresence(listener: (presence: IncomingPresence) => void): void {
    this.presenceListeners.push(listener);
  }

  close(): void {
    this.session.close();
  }

  private message(to: string, id: string, body: string, extra = ''): string {
    const jid = `${to}@${this.session.address.domain}`;
    return `<message to='${escapeXml(jid)}' type='chat' id='${escapeXml(id)}'><body>${escapeXml(body)}</body>${extra}</message>`;
  }

  private receive(stanza: XmlElement): void {
    const from = localpartOf(stanza.attrs.from);
    if (stanza.name === 'message') {
      const body = child(stanza, 'body')?.text;
      if (body === undefined) return;
      const replaced = child(stanza, 'replace', CORRECTION_NS)?.attrs.id;
      if (replaced !== undefined) {
        const update = { messageId: replaced, senderId: from, body };
        for (const listener of this.updateListeners) listener(update);
        return;
      }
      const message = { conversationId: from, clientId: stanza.attrs.id ?? '', senderId: from };
      for (const listener of this.messageListeners) listener(message);
    } else if (stanza.name === 'presence') {
      const type = stanza.attrs.type;
      if (type !== undefined && type !== 'unavailable') return;
      const show = child(stanza, 'show')?.text;
      const presence = {
        userId: from,
        status: type === 'unavailable' ? 'offline' : show === 'dnd' ? 'busy' : (show ?? 'available'),
        message: child(stanza, 'status')?.text ?? null,
      };
      for (const listener of this.presenceListeners) listener(presence);
    }
  }
}
