import * as graphene from 'graphene-pk11';
import { createHash, X509Certificate } from 'node:crypto';
import type { KeyAlgorithm } from '../cms/algorithms';
import { concat, intFromBytes, seq } from '../cms/der';
import { PadesError } from '../errors';
import type { Signer } from './signer';

export interface Pkcs11Options {
  /** Path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  library: string;
  tokenLabel?: string;
  slotIndex?: number;
  pin: string;
  keyLabel?: string;
  /** CKA_ID as hex. */
  keyId?: string;
  /** Signer certificate (DER); read from the token (same label/ID) when absent. */
  certificate?: Uint8Array;
  chain?: Uint8Array[];
}

const DIGEST_INFO_SHA256 = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** Signs with a key held by a PKCS#11 token or HSM (SoftHSM2 in tests). */
export class Pkcs11Signer implements Signer {
  private constructor(
    private readonly mod: graphene.Module,
    private readonly session: graphene.Session,
    private readonly key: graphene.PrivateKey,
    private readonly cert: Uint8Array,
    private readonly intermediates: Uint8Array[],
    readonly keyAlgorithm: KeyAlgorithm,
  ) {}

  static open(o: Pkcs11Options): Pkcs11Signer {
    let mod: graphene.Module;
    try {
      mod = graphene.Module.load(o.library, 'pkcs11');
      mod.initialize();
    } catch (e) {
      throw new PadesError('pades.pkcs11_load', 'Không nạp được mô-đun PKCS#11.', { cause: e });
    }
    try {
      const slots = mod.getSlots(true);
      let slot: graphene.Slot | undefined;
      for (let i = 0; i < slots.length; i++) {
        const s = slots.items(i);
        if (o.tokenLabel ? s.getToken().label.trim() === o.tokenLabel : i === (o.slotIndex ?? 0)) slot = s;
      }
      if (!slot)
        throw new PadesError('pades.pkcs11_token', 'Không tìm thấy thiết bị ký (token) theo nhãn đã cấu hình.');
      const session = slot.open(graphene.SessionFlag.SERIAL_SESSION);
      session.login(o.pin, graphene.UserType.USER);
      const filter: graphene.ITemplate = {};
      if (o.keyLabel) filter.label = o.keyLabel;
      if (o.keyId) filter.id = Buffer.from(o.keyId, 'hex');
      const keys = session.find({ class: graphene.ObjectClass.PRIVATE_KEY, ...filter });
      if (keys.length === 0) throw new PadesError('pades.pkcs11_key', 'Không tìm thấy khoá ký trên thiết bị.');
      const key = keys.items(0).toType<graphene.PrivateKey>();
      let cert = o.certificate;
      if (!cert) {
        const certs = session.find({ class: graphene.ObjectClass.CERTIFICATE, ...filter });
        if (certs.length === 0) throw new PadesError('pades.pkcs11_cert', 'Không tìm thấy chứng thư số trên thiết bị.');
        cert = new Uint8Array(certs.items(0).getAttribute({ value: null }).value as Buffer);
      }
      const type = new X509Certificate(cert).publicKey.asymmetricKeyType;
      const alg: KeyAlgorithm = type === 'ec' ? 'ECDSA' : 'RSA';
      return new Pkcs11Signer(mod, session, key, cert, o.chain ?? [], alg);
    } catch (e) {
      mod.finalize();
      if (e instanceof PadesError) throw e;
      throw new PadesError('pades.pkcs11_session', 'Không mở được phiên làm việc với thiết bị ký (sai PIN?).', {
        cause: e,
      });
    }
  }

  async certificate(): Promise<Uint8Array> {
    return this.cert;
  }

  async chain(): Promise<Uint8Array[]> {
    return this.intermediates;
  }

  async sign(dataToSign: Uint8Array): Promise<Uint8Array> {
    const hash = createHash('sha256').update(dataToSign).digest();
    if (this.keyAlgorithm === 'RSA') {
      const sig = this.session.createSign('RSA_PKCS', this.key).once(Buffer.concat([DIGEST_INFO_SHA256, hash]));
      return new Uint8Array(sig);
    }
    const raw = new Uint8Array(this.session.createSign('ECDSA', this.key).once(hash));
    const half = raw.length / 2;
    return seq(intFromBytes(strip(raw.subarray(0, half))), intFromBytes(strip(raw.subarray(half))));
  }

  close(): void {
    try {
      this.session.logout();
      this.session.close();
    } finally {
      this.mod.finalize();
    }
  }
}

function strip(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return concat([b.subarray(i)]);
}
