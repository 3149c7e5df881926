import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NS, parseXmppUrl, XmppSession } from './xmpp-client';
import {
  child,
  decodeEntities,
  escapeXml,
  parseElement,
  type StreamEvent,
  type XmlElement,
  XmlStreamSplitter,
} from './xmpp-xml';

const HEADER =
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='bench.test' version='1.0'>";
const STREAM = [
  HEADER,
  "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>",
  ' \n ', // whitespace keepalive between stanzas
  "<message from='a@bench.test/r' id='m&amp;1'><body>x &lt; y &amp; &#233;t&#xe9; <![CDATA[<raw>]]></body><x xmlns='urn:test'><x/></x></message>",
  "<!-- a comment --><presence from='b@bench.test/r' note='1 > 0 /> \"q\"'/>",
  "<a xmlns='urn:xmpp:sm:3' h='7'/>",
  '</stream:stream>',
].join('');

/** What the splitter hands out, as plain data (names, attributes, texts) for comparison. */
function summary(events: StreamEvent[]): unknown[] {
  const tree = (e: XmlElement): unknown => [e.name, e.attrs, e.text, e.children.map(tree)];
  return events.map((event) => (event.kind === 'element' ? tree(event.element) : event));
}

describe('XmlStreamSplitter', () => {
  it('hands out the header, each top-level element whole, and the close', () => {
    const events = new XmlStreamSplitter().push(STREAM);
    expect(events.map((e) => (e.kind === 'element' ? e.element.name : e.kind))).toEqual([
      'open',
      'stream:features',
      'message',
      'presence',
      'a',
      'close',
    ]);
    const [open] = events;
    expect(open).toEqual({ kind: 'open', attrs: expect.objectContaining({ id: 's1', version: '1.0' }) });
  });

  it('parses nested children, entities, CDATA and quoted > and /> in attributes', () => {
    const elements = new XmlStreamSplitter()
      .push(STREAM)
      .flatMap((e) => (e.kind === 'element' ? [e.element] : []));
    const message = elements.find((e) => e.name === 'message');
    expect(message?.attrs.id).toBe('m&1');
    expect(message && child(message, 'body')?.text).toBe('x < y & été <raw>');
    expect(message && child(message, 'x', 'urn:test')?.children.map((c) => c.name)).toEqual(['x']);
    expect(elements.find((e) => e.name === 'presence')?.attrs.note).toBe('1 > 0 /> "q"');
    expect(elements.find((e) => e.name === 'a')?.attrs.h).toBe('7');
  });

  it('gives the same events however the stream is cut into chunks', () => {
    const whole = summary(new XmlStreamSplitter().push(STREAM));
    for (let cut = 1; cut < STREAM.length; cut++) {
      const splitter = new XmlStreamSplitter();
      const events = [...splitter.push(STREAM.slice(0, cut)), ...splitter.push(STREAM.slice(cut))];
      expect(summary(events), `cut at ${cut}`).toEqual(whole);
    }
    const bytewise = new XmlStreamSplitter();
    expect(summary([...STREAM].flatMap((c) => bytewise.push(c)))).toEqual(whole);
  });

  it('starts a new stream after restart (SASL success), keeping what follows', () => {
    const splitter = new XmlStreamSplitter();
    splitter.push(HEADER);
    expect(splitter.push("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>")[0]).toMatchObject({
      kind: 'element',
      element: { name: 'success' },
    });
    splitter.restart();
    const events = splitter.push(`${HEADER}<stream:features/>`);
    expect(events.map((e) => e.kind)).toEqual(['open', 'element']);
  });

  it('keeps only the element in progress', () => {
    const splitter = new XmlStreamSplitter();
    splitter.push(HEADER);
    for (let i = 0; i < 10_000; i++) splitter.push(`<message id='${i}'><body>hello</body></message>`);
    const events = splitter.push("<message id='last'><body>par");
    expect(events).toEqual([]);
    expect(splitter.push('tial</body></message>')[0]).toMatchObject({ element: { attrs: { id: 'last' } } });
  });
});

describe('parseElement and escaping', () => {
  it('round-trips text and attributes through escapeXml', () => {
    const text = `a<b>&"c'`;
    const element = parseElement(`<m v='${escapeXml(text)}'>${escapeXml(text)}</m>`);
    expect(element).toEqual({ name: 'm', attrs: { v: text }, children: [], text });
    expect(decodeEntities('&unknown; &#65;')).toBe('&unknown; A');
  });

  it('reads double-quoted attributes and self-closing roots', () => {
    expect(parseElement('<r xmlns="urn:xmpp:sm:3" h="12"/>')).toEqual({
      name: 'r',
      attrs: { xmlns: 'urn:xmpp:sm:3', h: '12' },
      children: [],
      text: '',
    });
  });
});

describe('parseXmppUrl', () => {
  it('reads host, port and domain', () => {
    expect(parseXmppUrl('xmpp://127.0.0.1:5222/bench.test')).toEqual({
      host: '127.0.0.1',
      port: 5222,
      domain: 'bench.test',
    });
    expect(() => parseXmppUrl('http://127.0.0.1:5222/bench.test')).toThrow();
  });
});

/**
 * A scripted server for one client: parses what the client sends with the same splitter
 * (keeping every element in `fromClient`) and answers in 3-byte writes, so each answer
 * reaches the client cut into many TCP chunks, multi-byte UTF-8 characters included.
 */
async function fakeServer(
  onStanza: (element: XmlElement, reply: (xml: string) => void) => void,
): Promise<{ server: Server; fromClient: XmlElement[] }> {
  const fromClient: XmlElement[] = [];
  const server = createServer((socket: Socket) => {
    const splitter = new XmlStreamSplitter();
    let streams = 0;
    let handled = 0;
    let writing = Promise.resolve();
    const reply = (xml: string) => {
      const bytes = Buffer.from(xml);
      writing = writing.then(async () => {
        for (let i = 0; i < bytes.length; i += 3) {
          if (socket.destroyed) return;
          socket.write(bytes.subarray(i, i + 3));
          await new Promise((resolve) => setImmediate(resolve));
        }
      });
    };
    socket.setEncoding('utf8');
    socket.on('error', () => {});
    socket.on('data', (chunk: string) => {
      for (const event of splitter.push(chunk)) {
        if (event.kind === 'open') {
          streams++;
          const features =
            streams === 1
              ? `<mechanisms xmlns='${NS.sasl}'><mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms>`
              : `<bind xmlns='${NS.bind}'/><session xmlns='${NS.session}'><optional/></session><sm xmlns='${NS.sm}'/>`;
          reply(`${HEADER}<stream:features>${features}</stream:features>`);
          continue;
        }
        if (event.kind === 'close') {
          reply('</stream:stream>');
          continue;
        }
        const element = event.element;
        fromClient.push(element);
        if (element.name === 'auth') {
          const ok = Buffer.from(element.text, 'base64').toString() === '\0alice\0secret';
          reply(
            ok ? `<success xmlns='${NS.sasl}'/>` : `<failure xmlns='${NS.sasl}'><not-authorized/></failure>`,
          );
          if (ok) splitter.restart();
        } else if (element.name === 'enable') reply(`<enabled xmlns='${NS.sm}'/>`);
        else if (element.name === 'r') reply(`<a xmlns='${NS.sm}' h='${handled}'/>`);
        else if (element.name === 'iq' && child(element, 'bind', NS.bind))
          reply(
            `<iq type='result' id='${element.attrs.id}'><bind xmlns='${NS.bind}'><jid>alice@bench.test/bench</jid></bind></iq>`,
          );
        else if (element.name !== 'a') {
          handled++;
          onStanza(element, reply);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, fromClient };
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 5_000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('XmppSession against a server that answers in 3-byte chunks', () => {
  let server: Server | null = null;
  afterEach(() => {
    server?.close();
    server = null;
  });

  const addressOf = (s: Server) => {
    const address = s.address();
    if (typeof address !== 'object' || !address) throw new Error('no address');
    return { host: '127.0.0.1', port: address.port, domain: 'bench.test' };
  };

  it('authenticates, binds, enables stream management, is acked, receives and acks stanzas', async () => {
    const fake = await fakeServer((element, reply) => {
      if (element.name === 'message')
        reply(
          `<message from='bob@bench.test/r' id='in1'><body>h\u00e9llo \u{1F600} &lt;b&gt;</body></message><r xmlns='${NS.sm}'/>`,
        );
    });
    server = fake.server;
    const session = new XmppSession(addressOf(server), 'alice', 'secret');
    const received: XmlElement[] = [];
    session.onStanza((stanza) => received.push(stanza));
    await session.open(5_000);
    expect(session.jid).toBe('alice@bench.test/bench');
    // Resolves only on the server's <a h='1'/>: one stanza (this message) handled since <enable/>.
    await session.sendAcked("<message to='bob@bench.test' id='out1'><body>hi</body></message>");
    await until(() => received.length > 0);
    expect(child(received[0] as XmlElement, 'body')?.text).toBe('h\u00e9llo \u{1F600} <b>');
    // The server's <r/> after its message is answered with h = 1 stanza received.
    await until(() => fake.fromClient.some((e) => e.name === 'a'));
    expect(fake.fromClient.find((e) => e.name === 'a')?.attrs).toEqual({ xmlns: NS.sm, h: '1' });
    session.close();
  });

  it('rejects a wrong password with the SASL condition', async () => {
    server = (await fakeServer(() => {})).server;
    const session = new XmppSession(addressOf(server), 'alice', 'wrong');
    await expect(session.open(5_000)).rejects.toThrow('SASL: not-authorized');
  });
});
