import { api } from '../api';
import type { ApiTokenInfo, CreatedApiToken, Me, TotpSetup } from '../api.types';

export interface LoginInput {
  username: string;
  password: string;
  totp?: string;
}

export const authApi = {
  login: (input: LoginInput) => api.post<Me>('/api/auth/login', input),
  me: () => api.get<Me>('/api/auth/me'),
  logout: () => api.post<void>('/api/auth/logout'),
  logoutAll: () => api.post<void>('/api/auth/logout-all'),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<void>('/api/auth/password', { currentPassword, newPassword }),
  totpSetup: () => api.post<TotpSetup>('/api/auth/totp/setup'),
  totpEnable: (code: string) => api.post<void>('/api/auth/totp/enable', { code }),
  totpDisable: (password: string) => api.post<void>('/api/auth/totp/disable', { password }),
  tokens: () => api.get<ApiTokenInfo[]>('/api/auth/tokens'),
  createToken: (name: string) => api.post<CreatedApiToken>('/api/auth/tokens', { name }),
  revokeToken: (id: string) => api.del(`/api/auth/tokens/${encodeURIComponent(id)}`),
};
