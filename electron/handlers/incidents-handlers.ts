import type { incidentChannels } from '../../shared/contract/incidents-channels.ts';
import { maskSecrets } from '../../shared/masking/mask.ts';
import type { ChannelHandlers } from '../dispatcher.ts';
import { knownSecretValues } from '../services/vault/known-secret-values.ts';
import type { CoreServices } from './services.ts';

type TypedText = 'title' | 'owner' | 'summary' | 'impact' | 'rootCause' | 'actions';

/**
 * Incidents and the audit trail, from the cache only (an incident opens with every center unreachable).
 * What engineers type is masked before it is stored (a pasted bearer token or a value the keychain holds never
 * reaches the cache, a payload or a pack), by the same rules as the log and the exports.
 */
export function incidentsHandlers({ incidents, audit, vault }: CoreServices): Pick<ChannelHandlers, keyof typeof incidentChannels> {
  const masker = async () => {
    const known = await knownSecretValues(vault);
    return (text: string) => maskSecrets(text, known);
  };
  const maskFields = async <T extends Partial<Record<TypedText, string | null | undefined>>>(input: T): Promise<T> => {
    const mask = await masker();
    const masked: T = { ...input };
    for (const field of ['title', 'owner', 'summary', 'impact', 'rootCause', 'actions'] as const) {
      const value = input[field];
      if (typeof value === 'string') (masked as Record<TypedText, string>)[field] = mask(value);
    }
    return masked;
  };
  return {
    'incidents:list': ({ status }) => incidents.list({ status }),
    'incidents:get': ({ id }) => incidents.get(id),
    'incidents:create': async (input) => incidents.create(await maskFields(input)),
    'incidents:update': async (input) => incidents.update(await maskFields(input)),
    'incidents:delete': ({ id }) => ({ deleted: incidents.delete(id) }),
    'incidents:addNote': async ({ id, markdown, at }) => incidents.addNote(id, (await masker())(markdown), at),
    'incidents:markEntry': async ({ id, entryId, ...change }) => {
      const annotation = typeof change.annotation === 'string' ? (await masker())(change.annotation) : change.annotation;
      return incidents.markEntry(id, entryId, { ...change, ...(annotation !== undefined ? { annotation } : {}) });
    },
    'audit:list': (query) => audit.list(query),
  };
}
