export interface DssOptions {
  certificates?: Uint8Array[];
  ocsps?: Uint8Array[];
  crls?: Uint8Array[];
  /** Fetch OCSP responses for the signers' certificates from their AIA (default true). */
  fetch?: boolean;
}

export async function addDss(pdf: Uint8Array, _options: DssOptions): Promise<Uint8Array> {
  return pdf;
}
