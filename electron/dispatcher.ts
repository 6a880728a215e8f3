import { z } from 'zod';
import {
  channels,
  isChannelName,
  type ChannelName,
  type ChannelOutput,
  type ChannelParsedInput,
  type EventName,
  type EventPayload,
} from '../shared/contract/channels.ts';
import { ApiFailure, fail, ok, type Result } from '../shared/contract/result.ts';

/** One handler per channel: a channel without one is a compile error. */
export type ChannelHandlers = {
  [K in ChannelName]: (input: ChannelParsedInput<K>) => Promise<ChannelOutput<K>> | ChannelOutput<K>;
};

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

export interface DispatcherOptions {
  /** Where unexpected failures are reported; messages reaching the caller stay generic. */
  onInternalError?: (channel: string, error: unknown) => void;
  /** Sees every result and event on its way to a renderer (a payload trace for audits and the secret scan). */
  onDidSend?: (kind: 'result' | 'event', name: string, payload: unknown) => void;
}

function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(input)'}: ${issue.message}`)
    .join('; ');
}

/** Binds every contract channel to its service; both transports (Electron IPC and the loopback host) call it. */
export class Dispatcher {
  /** The channels this dispatcher answers: its handlers' names. */
  readonly channels: readonly ChannelName[];
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  constructor(
    private readonly handlers: ChannelHandlers,
    private readonly options: DispatcherOptions = {},
  ) {
    this.channels = Object.keys(handlers).filter(isChannelName);
  }

  async invoke(channel: unknown, rawInput: unknown): Promise<Result<unknown>> {
    const result = await this.answer(channel, rawInput);
    this.options.onDidSend?.('result', String(channel), result);
    return result;
  }

  private async answer(channel: unknown, rawInput: unknown): Promise<Result<unknown>> {
    if (!isChannelName(channel)) return fail('unknown-channel', `no such channel: ${String(channel).slice(0, 80)}`);
    const parsed = channels[channel].input.safeParse(rawInput ?? {});
    if (!parsed.success) return fail('invalid-input', `${channel}: ${describeZodError(parsed.error)}`);
    try {
      const handler = this.handlers[channel] as (input: unknown) => unknown;
      return ok(await handler(parsed.data));
    } catch (error) {
      if (error instanceof ApiFailure) return fail(error.code, error.message, error.detail);
      this.options.onInternalError?.(channel, error);
      return fail('internal', `${channel} failed unexpectedly; see the OpsDesk log`);
    }
  }

  subscribe<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.options.onDidSend?.('event', event, payload);
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        this.options.onInternalError?.(event, error);
      }
    }
  }
}
