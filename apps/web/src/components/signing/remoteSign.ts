/** Remote signing (ký số từ xa, CSC API v2) from the browser: the server talks to the organ's CSC service. */
import { api } from '../../api';
import type { SignAppearance, SignedResult } from './signWithAgent';

export interface RemoteSession {
  sessionId: string;
  fieldName: string;
  expiresAt: string;
  otp: { label: string; description: string } | null;
  /** Demo mode only: the OTP the demo service just sent. */
  demoOtp: string | null;
}

export const remoteSign = {
  start: (req: { fileId: string; appearance?: SignAppearance; reason?: string }) =>
    api.post<RemoteSession>('/api/signing/remote/sessions', req),
  resend: (sessionId: string) => api.post<{ demoOtp: string | null }>(`/api/signing/remote/sessions/${sessionId}/otp`),
  complete: (sessionId: string, otp: string) =>
    api.post<SignedResult>(`/api/signing/remote/sessions/${sessionId}/complete`, { otp }),
};
