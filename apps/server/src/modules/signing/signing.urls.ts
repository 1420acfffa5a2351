/** Where this installation can be reached by itself and by readers (the demo CA's CRL, the demo TSA, the demo CSC service). */
import type { Deps } from '../../deps';

export const DEMO_CRL_PATH = '/api/signing/demo/ca.crl';
export const DEMO_TSA_PATH = '/api/signing/demo/tsa';
export const DEMO_CSC_PATH = '/csc/v2';

/** VANTHU_PUBLIC_URL, else the local listener (demo mode listens on 127.0.0.1). */
export function selfUrl(deps: Deps): string {
  const c = deps.config;
  if (c.publicUrl) return c.publicUrl.replace(/\/+$/, '');
  const host = !c.host || c.host === '0.0.0.0' || c.host === '::' ? '127.0.0.1' : c.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${c.port}`;
}

export const demoCrlUrl = (deps: Deps) => `${selfUrl(deps)}${DEMO_CRL_PATH}`;
