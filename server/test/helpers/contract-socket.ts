import {
  type Ack,
  type AckResultOf,
  ackResultSchemasWith,
  ackSchemaOf,
  type ClientEventName,
  type ClientToServerEvents,
  clientAckResultSchemas,
  ownPresenceV2Schema,
  PROTOCOL_VERSION,
  type Presence,
  presenceSchema,
  presenceV2Schema,
  type ReadyPayload,
  type ServerEventName,
  serverEventSchemas,
  serverEventSchemasWith,
} from '@beacon/protocol';
import type { z } from 'zod';
import { openSocket, type TestSocket } from './client';

/** One payload the server sent that the contract (protocol/) does not allow. */
export interface ContractViolation {
  /** `event ready`, `ack message:send`… */
  where: string;
  problems: string[];
  payload: unknown;
}

/** The own-view fields of a Presence: only the user's own sessions may see them. */
const OWN_VIEW_FIELDS = ['chosen', 'devices', 'outOfOffice'] as const;

type ResultOf<E extends ClientEventName> = AckResultOf<(typeof clientAckResultSchemas)[E]>;
/** The arguments of a client event before its acknowledgement. */
type PayloadArgs<E extends ClientEventName> =
  Parameters<ClientToServerEvents[E]> extends [infer Payload, ...unknown[]]
    ? Payload extends (...args: never[]) => void
      ? []
      : [payload: Payload]
    : [];

/**
 * The contract a socket is held to once `ready` said which protocol the server speaks. Payloads
 * are parsed with protocol/'s schemas; any field they do not declare is a violation too (parsing
 * strips it), so protocol/ stays the complete contract. A v2 server must send `source`,
 * `activity` and `until`, and the own view (`chosen`, `devices`) where the user sees itself.
 * Nobody may see another user's own-view fields.
 */
function contractFor(protocol: number, selfId: string) {
  const v2 = protocol >= PROTOCOL_VERSION;
  const othersMayNotSeeOwnView = (presence: Presence, ctx: z.RefinementCtx) => {
    if (presence.userId === selfId) return;
    for (const field of OWN_VIEW_FIELDS) {
      if (presence[field] !== undefined) ctx.addIssue({ code: 'custom', message: `another user's ${field}` });
    }
  };
  const isSelf = (presence: Presence, ctx: z.RefinementCtx) => {
    if (presence.userId !== selfId) ctx.addIssue({ code: 'custom', message: 'not the own presence' });
  };
  const presence = (v2 ? presenceV2Schema : presenceSchema).superRefine(othersMayNotSeeOwnView);
  const ownPresence = (v2 ? ownPresenceV2Schema : presenceSchema).superRefine(isSelf);
  const events = serverEventSchemasWith({ presence, ownPresence });
  // An own `presence` event is the own view (with `chosen` and `devices` on a v2 server).
  const presenceEvent = presence.superRefine((payload, ctx) => {
    if (payload.userId !== selfId) return;
    for (const issue of ownPresence.safeParse(payload).error?.issues ?? []) ctx.addIssue({ ...issue });
  });
  return {
    events: { ...events, presence: presenceEvent } as Record<ServerEventName, z.ZodType>,
    acks: ackResultSchemasWith({ presence, ownPresence }) as Record<ClientEventName, z.ZodObject>,
  };
}

/** Paths of the fields of `input` that parsing dropped: fields the contract does not declare. */
function undeclaredFields(input: unknown, output: unknown, path = ''): string[] {
  const at = (key: string | number) =>
    typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
  if (Array.isArray(input) && Array.isArray(output)) {
    return input.flatMap((item, index) => undeclaredFields(item, output[index], at(index)));
  }
  if (isRecord(input) && isRecord(output)) {
    return Object.keys(input).flatMap((key) =>
      key in output
        ? undeclaredFields(input[key], output[key], at(key))
        : [`${at(key)}: not in the contract`],
    );
  }
  return [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problemsOf(schema: z.ZodType, payload: unknown): string[] {
  const result = schema.safeParse(payload);
  if (!result.success) {
    return result.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`);
  }
  return undeclaredFields(payload, result.data);
}

/**
 * A socket.io client held to the wire contract: every event the server emits to it and every
 * acknowledgement it receives is checked against protocol/'s schemas. Violations are collected
 * (a listener that threw would only reach socket.io, not the test); `assertConforming()` fails
 * the test with all of them.
 */
export class ContractSocket {
  readonly violations: ContractViolation[] = [];
  /** How many server events and acknowledgements were checked, so a test can tell checking happened. */
  readonly checked = { events: 0, acks: 0 };
  /** The `ready` payload, as the server sent it. */
  readonly ready: Promise<ReadyPayload>;
  /** The protocol the server reported in `ready` (1 when it reported none). */
  protocol = 1;
  private contract: ReturnType<typeof contractFor> | undefined;

  constructor(readonly socket: TestSocket) {
    this.ready = new Promise((resolve, reject) => {
      socket.once('connect_error', reject);
      socket.once('ready', resolve);
    });
    socket.onAny((event: string, ...args: unknown[]) => this.checkEvent(event, args));
  }

  /** Emits a client event with a payload of the contract and resolves with its checked ack. */
  request<E extends ClientEventName>(event: E, ...payload: PayloadArgs<E>): Promise<Ack<ResultOf<E>>> {
    return this.requestRaw(event, ...payload) as Promise<Ack<ResultOf<E>>>;
  }

  /**
   * Emits with any arguments (also what the contract forbids) and resolves with the ack, which
   * must still be a conforming acknowledgement of that event.
   */
  requestRaw(event: ClientEventName, ...args: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${event} within 10 s`)), 10_000);
      (this.socket as unknown as { emit(event: string, ...args: unknown[]): void }).emit(
        event,
        ...args,
        (response: unknown) => {
          clearTimeout(timer);
          this.checkAck(event, response);
          resolve(response);
        },
      );
    });
  }

  /** Emits without an acknowledgement (the contract allows it for `typing`). */
  send(event: 'typing', ...payload: PayloadArgs<'typing'>): void {
    this.socket.emit(event, ...payload);
  }

  /** Fails with every violation seen since the last call (then forgets them, so one test's fault stays its own). */
  assertConforming(): void {
    if (this.violations.length === 0) return;
    const lines = this.violations
      .splice(0)
      .map(
        ({ where, problems, payload }) => `${where}: ${problems.join('; ')}\n    ${JSON.stringify(payload)}`,
      );
    throw new Error(`the server broke the wire contract ${lines.length} time(s):\n  ${lines.join('\n  ')}`);
  }

  close(): void {
    this.socket.close();
  }

  private checkEvent(event: string, args: unknown[]): void {
    const payload = args[0];
    if (event === 'ready') this.adoptContract(payload);
    this.checked.events += 1;
    const problems = this.eventProblems(event, args);
    if (problems.length > 0) this.violate(`event ${event}`, problems, payload);
  }

  private eventProblems(event: string, args: unknown[]): string[] {
    if (!this.contract) return ['arrived before ready'];
    if (!(event in this.contract.events)) return ['not a server event'];
    const problems = problemsOf(this.contract.events[event as ServerEventName], args[0]);
    if (args.length !== 1) problems.push(`${args.length} arguments, not 1`);
    return problems;
  }

  private checkAck(event: ClientEventName, response: unknown): void {
    this.checked.acks += 1;
    const results = this.contract?.acks ?? clientAckResultSchemas;
    const resultSchema = results[event];
    const problems = resultSchema ? problemsOf(ackSchemaOf(resultSchema), response) : ['not a client event'];
    if (problems.length > 0) this.violate(`ack ${event}`, problems, response);
  }

  /** `ready` says who this session is and which protocol it speaks. */
  private adoptContract(payload: unknown): void {
    const ready = serverEventSchemas.ready.safeParse(payload);
    // A malformed ready is reported against the v1 contract.
    this.protocol = ready.data?.protocol ?? 1;
    this.contract = contractFor(this.protocol, ready.data?.user.id ?? '');
  }

  private violate(where: string, problems: string[], payload: unknown): void {
    this.violations.push({ where, problems, payload });
  }
}

/** Opens a contract-checked socket with `token` and resolves once `ready` arrived. */
export async function connectContractSocket(url: string, token: string): Promise<ContractSocket> {
  const contract = new ContractSocket(openSocket(url, { token }));
  await contract.ready;
  return contract;
}
