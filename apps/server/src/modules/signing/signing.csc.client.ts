/**
 * Client of a remote signing service (Cloud Signature Consortium API v2): auth/login with the organ's client
 * credentials, credentials/list for the user, credentials/info (certificate chain, OTP), credentials/sendOTP,
 * credentials/authorize with the user's OTP (→ SAD), signatures/signHash. Errors become stable AppError codes.
 */
import { AppError } from '../../http/errors';

const TIMEOUT_MS = 15_000;
export const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
export const OID_SHA256_RSA = '1.2.840.113549.1.1.11';
export const OID_ECDSA_SHA256 = '1.2.840.10045.4.3.2';

export const cscErrors = {
  unavailable: (why: string) =>
    new AppError('signing.remote_unavailable', 502, `Không kết nối được dịch vụ ký số từ xa: ${why}.`),
  refused: (why: string) => new AppError('signing.remote_refused', 502, `Dịch vụ ký số từ xa từ chối yêu cầu: ${why}.`),
  noCredential: () =>
    new AppError(
      'signing.remote_no_credential',
      409,
      'Bạn chưa có chứng thư số ký từ xa tại dịch vụ của cơ quan. Hãy liên hệ quản trị để đăng ký.',
    ),
  otpInvalid: () =>
    new AppError(
      'signing.remote_otp_invalid',
      400,
      'Mã OTP không đúng hoặc đã hết hạn. Hãy nhập lại (hoặc bấm "Gửi lại mã OTP").',
    ),
  notConfigured: () =>
    new AppError(
      'signing.remote_not_configured',
      409,
      'Cơ quan chưa cấu hình dịch vụ ký số từ xa (CSC). Quản trị hãy cấu hình trong Quản trị → Ký số.',
    ),
};

export interface CscCredentialInfo {
  credentialID: string;
  certificates: Uint8Array[]; // signer first, then the chain
  keyAlgorithms: string[];
  otp: { label: string; description: string } | null;
  authMode: string;
}

export class CscClient {
  private token: { value: string; expires: number } | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
  ) {}

  private async call<T>(path: string, body: unknown, auth: string): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl.replace(/\/+$/, '')}/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: auth },
        body: JSON.stringify(body ?? {}),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (e) {
      throw cscErrors.unavailable(e instanceof Error ? e.message : String(e));
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      if (res.ok) throw cscErrors.refused('trả lời không phải JSON');
    }
    if (!res.ok) {
      if (json.error === 'invalid_otp') throw cscErrors.otpInvalid();
      throw cscErrors.refused(
        `${String(json.error ?? `HTTP ${res.status}`)}${json.error_description ? ` — ${String(json.error_description)}` : ''}`,
      );
    }
    return json as T;
  }

  private async bearer(): Promise<string> {
    if (!this.token || this.token.expires < Date.now() + 30_000) {
      const basic = Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64');
      const r = await this.call<{ access_token?: string; expires_in?: number }>('auth/login', {}, `Basic ${basic}`);
      if (!r.access_token) throw cscErrors.refused('không nhận được access_token');
      this.token = { value: r.access_token, expires: Date.now() + (r.expires_in ?? 3600) * 1000 };
    }
    return `Bearer ${this.token.value}`;
  }

  async listCredentials(userID: string): Promise<string[]> {
    const r = await this.call<{ credentialIDs?: unknown }>('credentials/list', { userID }, await this.bearer());
    return Array.isArray(r.credentialIDs) ? r.credentialIDs.filter((c): c is string => typeof c === 'string') : [];
  }

  async credentialInfo(credentialID: string): Promise<CscCredentialInfo> {
    const r = await this.call<{
      key?: { status?: string; algo?: string[] };
      cert?: { certificates?: string[] };
      authMode?: string;
      OTP?: { presence?: string; label?: string; description?: string };
    }>(
      'credentials/info',
      { credentialID, certificates: 'chain', certInfo: false, authInfo: true },
      await this.bearer(),
    );
    if (r.key?.status && r.key.status !== 'enabled') throw cscErrors.refused('khoá ký đang bị khoá');
    const certificates = (r.cert?.certificates ?? []).map((c) => new Uint8Array(Buffer.from(c, 'base64')));
    if (!certificates.length) throw cscErrors.refused('không có chứng thư số');
    const otp =
      r.OTP && r.OTP.presence !== 'false'
        ? { label: r.OTP.label ?? 'OTP', description: r.OTP.description ?? '' }
        : null;
    return { credentialID, certificates, keyAlgorithms: r.key?.algo ?? [], otp, authMode: r.authMode ?? 'explicit' };
  }

  async sendOtp(credentialID: string): Promise<void> {
    await this.call('credentials/sendOTP', { credentialID }, await this.bearer());
  }

  async authorize(credentialID: string, hashes: string[], otp: string): Promise<string> {
    const r = await this.call<{ SAD?: string }>(
      'credentials/authorize',
      { credentialID, numSignatures: hashes.length, hashes, hashAlgorithmOID: OID_SHA256, OTP: otp },
      await this.bearer(),
    );
    if (!r.SAD) throw cscErrors.refused('không nhận được SAD');
    return r.SAD;
  }

  async signHash(credentialID: string, sad: string, hashes: string[], signAlgo: string): Promise<Uint8Array[]> {
    const r = await this.call<{ signatures?: string[] }>(
      'signatures/signHash',
      { credentialID, SAD: sad, hashes, hashAlgorithmOID: OID_SHA256, signAlgo },
      await this.bearer(),
    );
    if (!Array.isArray(r.signatures) || r.signatures.length !== hashes.length)
      throw cscErrors.refused('số chữ ký trả về không khớp');
    return r.signatures.map((s) => new Uint8Array(Buffer.from(s, 'base64')));
  }
}
