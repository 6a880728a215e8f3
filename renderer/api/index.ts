export { createHttpApi, type HttpApiOptions, type EventConnectionState } from './http-client.ts';
export { resolveApi, takeTokenFromLocation, type ApiResolution } from './resolve-api.ts';
export { ApiProvider, useApi } from './api-context.tsx';
export { ApiRequestError, unwrap } from './unwrap.ts';
