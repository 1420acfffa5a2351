/**
 * The signing step of the approval route goes through the signing module: server-held demo keys in demo
 * mode (issued by the demo CA that the trust store trusts), the organ key on PKCS#11 when configured,
 * a recorded approval otherwise (personal keys then sign through the deferred flow, vanthu-signer).
 */
import type { Rect } from '@vanthu/pades';
export { signingPortFor, type SigningPort, type SignResult } from '../signing';

/**
 * Where the signer's image goes on the last page (points, A4): the signature block at the bottom right,
 * between the position title and the printed name. The organ seal covers its left third.
 * (A per-template position is future work; this matches the usual layout of NĐ 30 Phụ lục I.)
 */
export const SIGNER_RECT: Rect = { x: 340, y: 120, width: 180, height: 72 };
