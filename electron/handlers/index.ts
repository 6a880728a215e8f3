import type { ChannelHandlers } from '../dispatcher.ts';
import { accessHandlers } from './access-handlers.ts';
import { centersHandlers } from './centers-handlers.ts';
import { inventoryHandlers } from './inventory-handlers.ts';
import { signalsHandlers } from './signals-handlers.ts';
import { rolesHandlers } from './roles-handlers.ts';
import { incidentsHandlers } from './incidents-handlers.ts';
import { exportsHandlers } from './exports-handlers.ts';
import { mapHandlers } from './map-handlers.ts';
import { cacheScopeLookups } from '../services/roles/scope-lookups.ts';
import { guardHandlers } from './scope-guard.ts';
import type { CoreServices } from './services.ts';

export type { CoreServices } from './services.ts';

/** Every channel's handler; data channels wrapped by the active role's scope. */
export function createHandlers(services: CoreServices): ChannelHandlers {
  const handlers: ChannelHandlers = {
    ...centersHandlers(services), ...inventoryHandlers(services), ...signalsHandlers(services), ...accessHandlers(services),
    ...rolesHandlers(services),
    ...incidentsHandlers(services),
    ...exportsHandlers(services),
    ...mapHandlers(services),
  };
  return guardHandlers(handlers, () => services.roles.activeRole(), cacheScopeLookups(services.cache.db));
}
