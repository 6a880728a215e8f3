import type { ChannelName } from '../../../shared/contract/channels.ts';
import { ApiFailure } from '../../../shared/contract/result.ts';
import type { ChannelHandlers } from '../../dispatcher.ts';
import type { AuditTrail } from './audit-trail.ts';

/** Channels that change something (by their verb); reads are not audited. */
const mutatingVerb = /^(create|update|delete|remove|save|set|add|mark|select|import|export|sign|answer|refresh|backfill|reload|test|verify|pin|unpin|trust|write|pack)/i;

export function isMutatingChannel(channel: string): boolean {
  const verb = channel.split(':')[1] ?? '';
  return mutatingVerb.test(verb);
}

/** Content and credentials never go into the trail, only what identifies the action's object. */
const withheldKey = /^(value|secret|password|passphrase|token|markdown|annotation|summary|impact|rootCause|actions|privateKey|passwordSecret|body|content|data)$/i;

function describeValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.length > 80 ? `${value.slice(0, 79)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const items = value.map(describeValue).filter((item): item is string => item !== null);
    return `[${items.slice(0, 10).join(', ')}${items.length > 10 ? ', …' : ''}]`;
  }
  if (typeof value === 'object') {
    const id = (value as { id?: unknown; type?: unknown }).id ?? (value as { type?: unknown }).type;
    return typeof id === 'string' ? id : '{…}';
  }
  return null;
}

/** `key=value` pairs of the input's identifying fields, in input order. */
export function describeInput(input: unknown): string {
  if (typeof input !== 'object' || input === null) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (withheldKey.test(key)) {
      if (value !== undefined) parts.push(`${key}=(withheld)`);
      continue;
    }
    const text = describeValue(value);
    if (text !== null && text !== '[]') parts.push(`${key}=${text}`);
  }
  return parts.join(' ');
}

function centerOf(input: unknown): string | null {
  if (typeof input !== 'object' || input === null) return null;
  const record = input as { centerId?: unknown; center?: { id?: unknown }; centerIds?: unknown };
  if (typeof record.centerId === 'string') return record.centerId;
  if (typeof record.center?.id === 'string') return record.center.id;
  if (Array.isArray(record.centerIds) && record.centerIds.length === 1 && typeof record.centerIds[0] === 'string') return record.centerIds[0];
  return null;
}

/**
 * Wraps every mutating channel so its call lands in the audit trail (after it ran: with "failed:
 * code" when it did not succeed). Reads pass through untouched.
 */
export function auditedHandlers(handlers: ChannelHandlers, trail: AuditTrail, onError: (error: unknown) => void = () => undefined): ChannelHandlers {
  const wrapped: Record<string, (input: unknown) => unknown> = { ...(handlers as unknown as Record<string, (input: unknown) => unknown>) };
  for (const channel of Object.keys(handlers) as ChannelName[]) {
    if (!isMutatingChannel(channel)) continue;
    const handler = handlers[channel] as (input: unknown) => unknown;
    wrapped[channel] = async (input: unknown) => {
      const write = (outcome: string) => {
        try {
          const described = describeInput(input);
          trail.record(channel, `${described}${outcome}`.trim(), centerOf(input));
        } catch (error) {
          onError(error);
        }
      };
      try {
        const result = await handler(input);
        write('');
        return result;
      } catch (error) {
        write(` failed: ${error instanceof ApiFailure ? error.code : 'internal'}`);
        throw error;
      }
    };
  }
  return wrapped as unknown as ChannelHandlers;
}
