export { AuthService } from './auth-service.ts';
export { AuthRequiredError, AuthUnavailableError, SignInError, type SignInErrorCode } from './errors.ts';
export {
  refreshTokenKey,
  type AuthServiceOptions,
  type DeviceUserCode,
  type SecretStore,
  type SessionInfo,
  type SessionState,
  type SignInProfile,
} from './types.ts';
