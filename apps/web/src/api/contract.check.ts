/**
 * Compile-time checks of the web types taken from the generated contract: each must be a real type (the route
 * declares a response schema), not `never` — property access on `never` would type-check silently.
 */
import type { ApiTokenInfo, CreatedApiToken, Me, Role, TotpSetup } from '../api.types';
import type { IsUntyped } from './contract';

export const contractTyped: { [K in 'me' | 'token' | 'created' | 'totp' | 'role']: false } = {
  me: false as IsUntyped<Me>,
  token: false as IsUntyped<ApiTokenInfo>,
  created: false as IsUntyped<CreatedApiToken>,
  totp: false as IsUntyped<TotpSetup>,
  role: false as IsUntyped<Role>,
};
