/**
 * Deferred signing from the browser: the certificate from vanthu-signer (local agent on 127.0.0.1),
 * a session on the server (prepared PDF → signed attributes), the signature from the agent, then
 * completion on the server (embedded, verified, stored as a new file).
 */
import { api } from '../../api';
import type { SignatureReportView } from './types';

export const DEFAULT_AGENT_URL = 'http://127.0.0.1:7543';
const STORAGE_KEY = 'vanthu.signerUrl';

/** The agent's address: default port 7543, or what the user (or a test) stored in localStorage. */
export function agentUrl(): string {
  try {
    return window.localStorage.getItem(STORAGE_KEY) || DEFAULT_AGENT_URL;
  } catch {
    return DEFAULT_AGENT_URL;
  }
}

export class AgentError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AgentError';
  }
}

export const AGENT_NOT_RUNNING =
  'Chưa chạy vanthu-signer trên máy này. Hãy cắm thiết bị ký số (USB token), mở chương trình vanthu-signer rồi thử lại.';

async function callAgent<T>(base: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(
      `${base}${path}`,
      body === undefined
        ? { method: 'GET', credentials: 'omit' }
        : {
            method: 'POST',
            credentials: 'omit',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          },
    );
  } catch {
    throw new AgentError('agent.unreachable', AGENT_NOT_RUNNING);
  }
  const json = (await res.json().catch(() => null)) as (T & { code?: string; message?: string }) | null;
  if (!res.ok || !json) {
    if (res.status === 403 && json?.code === 'agent.origin_forbidden')
      throw new AgentError(
        'agent.origin_forbidden',
        `vanthu-signer chưa cho phép trang này (${window.location.origin}). Hãy chạy lại với --allow-origin ${window.location.origin}.`,
      );
    if (res.status === 403) throw new AgentError('agent.refused', 'Bạn đã từ chối ký trên vanthu-signer.');
    throw new AgentError(json?.code ?? 'agent.error', json?.message ?? `vanthu-signer trả lỗi (HTTP ${res.status}).`);
  }
  return json;
}

export type SignAppearance =
  | { kind: 'signature'; rect: { x: number; y: number; width: number; height: number }; page?: number }
  | { kind: 'seal'; signerRect: { x: number; y: number; width: number; height: number }; page?: number }
  | { kind: 'stamp'; firstLine: string; extraLines?: string[] };

export interface SignRequest {
  fileId?: string;
  sha256?: string;
  appearance?: SignAppearance;
  reason?: string;
  agentUrl?: string;
}

export interface SignedResult {
  sha256: string;
  fileId: string;
  report: SignatureReportView;
}

export async function signWithAgent(req: SignRequest): Promise<SignedResult> {
  const base = req.agentUrl ?? agentUrl();
  const cert = await callAgent<{ certificate: string; chain: string[] }>(base, '/v1/certificate');
  const session = await api.post<{ sessionId: string; toBeSigned: string; digestAlgorithm: string }>(
    '/api/signing/sessions',
    {
      ...(req.fileId ? { fileId: req.fileId } : { sha256: req.sha256 }),
      certificate: cert.certificate,
      ...(req.appearance ? { appearance: req.appearance } : {}),
      ...(req.reason ? { reason: req.reason } : {}),
    },
  );
  const signed = await callAgent<{ signature: string }>(base, '/v1/sign', {
    toBeSigned: session.toBeSigned,
    digestAlgorithm: session.digestAlgorithm,
  });
  return api.post<SignedResult>(`/api/signing/sessions/${session.sessionId}/complete`, {
    signature: signed.signature,
    chain: cert.chain,
  });
}
