import type { Db } from '../db/database';
import { recordAudit } from '../modules/audit/audit.service';
import { hashPassword } from '../modules/auth/password';
import type { Role } from '../modules/auth/roles';
import { seedIncomingDefaults } from '../modules/incoming/incoming.seed';

export const DEMO_PASSWORD = 'Demo@2026';

interface UnitSeed {
  key: string;
  name: string;
  abbr: string;
  parent?: string;
}
interface UserSeed {
  username: string;
  fullName: string;
  unit: string;
  position: string;
  roles: Role[];
  clearance?: string;
  sysadmin?: boolean;
}
interface OrganSeed {
  code: string;
  name: string;
  abbr: string;
  units: UnitSeed[];
  positions: [string, number][];
  users: UserSeed[];
}

export const DEMO_ORGANS: OrganSeed[] = [
  {
    code: '000.00.00.G09',
    name: 'Bộ Nội vụ',
    abbr: 'BNV',
    units: [
      { key: 'LDB', name: 'Lãnh đạo Bộ', abbr: 'LĐB' },
      { key: 'VP', name: 'Văn phòng Bộ', abbr: 'VP' },
      { key: 'TCCB', name: 'Vụ Tổ chức cán bộ', abbr: 'TCCB' },
      { key: 'PC', name: 'Vụ Pháp chế', abbr: 'PC' },
      { key: 'CQDP', name: 'Vụ Chính quyền địa phương', abbr: 'CQĐP' },
      { key: 'VTLT', name: 'Cục Văn thư và Lưu trữ nhà nước', abbr: 'VTLTNN' },
      { key: 'VTLT_NV', name: 'Phòng Nghiệp vụ văn thư', abbr: 'NVVT', parent: 'VTLT' },
      { key: 'VTLT_LT', name: 'Phòng Nghiệp vụ lưu trữ', abbr: 'NVLT', parent: 'VTLT' },
    ],
    positions: [
      ['Bộ trưởng', 1],
      ['Thứ trưởng', 2],
      ['Chánh Văn phòng', 10],
      ['Phó Chánh Văn phòng', 11],
      ['Vụ trưởng', 20],
      ['Phó Vụ trưởng', 21],
      ['Cục trưởng', 20],
      ['Trưởng phòng', 30],
      ['Chuyên viên chính', 40],
      ['Chuyên viên', 41],
      ['Văn thư', 50],
      ['Quản trị viên', 60],
    ],
    users: [
      { username: 'quantri', fullName: 'Nguyễn Văn Quản', unit: 'VP', position: 'Quản trị viên', roles: ['admin'] },
      {
        username: 'sysadmin',
        fullName: 'Quản trị hệ thống',
        unit: 'VP',
        position: 'Quản trị viên',
        roles: ['admin'],
        sysadmin: true,
      },
      {
        username: 'vanthu',
        fullName: 'Trần Thị Thư',
        unit: 'VP',
        position: 'Văn thư',
        roles: ['clerk'],
        clearance: 'toi_mat',
      },
      {
        username: 'botruong',
        fullName: 'Phạm Thị Thanh Trà',
        unit: 'LDB',
        position: 'Bộ trưởng',
        roles: ['organ_leader'],
        clearance: 'tuyet_mat',
      },
      {
        username: 'thutruong',
        fullName: 'Vũ Chiến Thắng',
        unit: 'LDB',
        position: 'Thứ trưởng',
        roles: ['organ_leader'],
        clearance: 'tuyet_mat',
      },
      {
        username: 'chanhvp',
        fullName: 'Đỗ Văn Chánh',
        unit: 'VP',
        position: 'Chánh Văn phòng',
        roles: ['office_chief', 'unit_leader'],
        clearance: 'mat',
      },
      { username: 'vutruong.pc', fullName: 'Lê Minh Pháp', unit: 'PC', position: 'Vụ trưởng', roles: ['unit_leader'] },
      {
        username: 'vutruong.tccb',
        fullName: 'Hoàng Thị Tổ',
        unit: 'TCCB',
        position: 'Vụ trưởng',
        roles: ['unit_leader'],
      },
      {
        username: 'chuyenvien.pc',
        fullName: 'Ngô Thị Chuyên',
        unit: 'PC',
        position: 'Chuyên viên',
        roles: ['specialist'],
      },
      {
        username: 'chuyenvien.tccb',
        fullName: 'Bùi Văn Cần',
        unit: 'TCCB',
        position: 'Chuyên viên',
        roles: ['specialist'],
      },
      {
        username: 'cuctruong.vtlt',
        fullName: 'Đặng Thanh Lưu',
        unit: 'VTLT',
        position: 'Cục trưởng',
        roles: ['unit_leader'],
      },
    ],
  },
  {
    code: '000.00.12.H29',
    name: 'Sở Nội vụ',
    abbr: 'SNV',
    units: [
      { key: 'LD', name: 'Ban Giám đốc', abbr: 'BGĐ' },
      { key: 'VP', name: 'Văn phòng Sở', abbr: 'VP' },
      { key: 'TCBC', name: 'Phòng Tổ chức – Biên chế', abbr: 'TCBC' },
      { key: 'XDCQ', name: 'Phòng Xây dựng chính quyền', abbr: 'XDCQ' },
    ],
    positions: [
      ['Giám đốc Sở', 1],
      ['Phó Giám đốc Sở', 2],
      ['Chánh Văn phòng', 10],
      ['Trưởng phòng', 20],
      ['Chuyên viên', 41],
      ['Văn thư', 50],
      ['Quản trị viên', 60],
    ],
    users: [
      { username: 'snv.quantri', fullName: 'Lý Văn Trị', unit: 'VP', position: 'Quản trị viên', roles: ['admin'] },
      {
        username: 'snv.vanthu',
        fullName: 'Mai Thị Lan',
        unit: 'VP',
        position: 'Văn thư',
        roles: ['clerk'],
        clearance: 'toi_mat',
      },
      {
        username: 'snv.giamdoc',
        fullName: 'Trịnh Quốc Dũng',
        unit: 'LD',
        position: 'Giám đốc Sở',
        roles: ['organ_leader'],
        clearance: 'tuyet_mat',
      },
      {
        username: 'snv.truongphong',
        fullName: 'Phan Thị Hòa',
        unit: 'TCBC',
        position: 'Trưởng phòng',
        roles: ['unit_leader'],
      },
      {
        username: 'snv.chuyenvien',
        fullName: 'Đinh Văn Sơn',
        unit: 'TCBC',
        position: 'Chuyên viên',
        roles: ['specialist'],
      },
    ],
  },
];

const DIRECTORY = [
  { code: '000.00.00.G22', name: 'Văn phòng Chính phủ' },
  { code: '000.00.00.G15', name: 'Bộ Tư pháp' },
  { code: '000.00.00.G12', name: 'Bộ Tài chính' },
  { code: '000.00.00.H29', name: 'Ủy ban nhân dân tỉnh (demo)' },
];

/** Seeds the demo installation once (when no organ exists). Returns false if there was data already. */
export async function seedDemo(db: Db): Promise<boolean> {
  const any = await db.selectFrom('organs').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    const organIds: Record<string, string> = {};
    for (const o of DEMO_ORGANS) {
      const organ = await trx
        .insertInto('organs')
        .values({ code: o.code, name: o.name, abbr: o.abbr, address: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      organIds[o.code] = organ.id;
      const units: Record<string, string> = {};
      let order = 0;
      for (const u of o.units) {
        const row = await trx
          .insertInto('units')
          .values({
            organ_id: organ.id,
            parent_id: u.parent ? units[u.parent]! : null,
            name: u.name,
            abbr: u.abbr,
            sort_order: order++,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        units[u.key] = row.id;
      }
      const positions: Record<string, string> = {};
      for (const [name, rank] of o.positions) {
        const row = await trx
          .insertInto('positions')
          .values({ organ_id: organ.id, name, rank })
          .returning('id')
          .executeTakeFirstOrThrow();
        positions[name] = row.id;
      }
      for (const u of o.users) {
        const row = await trx
          .insertInto('users')
          .values({
            organ_id: organ.id,
            username: u.username,
            full_name: u.fullName,
            email: `${u.username}@demo.vanthu.vn`,
            password_hash: passwordHash,
            clearance: u.clearance ?? 'thuong',
            sysadmin: u.sysadmin ?? false,
            totp_secret: null,
            locked_until: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('memberships')
          .values({
            organ_id: organ.id,
            user_id: row.id,
            unit_id: units[u.unit]!,
            position_id: positions[u.position]!,
            roles: u.roles,
            is_primary: true,
            ended_at: null,
          })
          .execute();
      }
      await seedIncomingDefaults(trx, organ.id);
      await recordAudit(
        trx,
        { userId: null, name: 'Hệ thống', organId: organ.id },
        {
          action: 'system.seed_demo',
          entityType: 'organ',
          entityId: organ.id,
          summary: `Khởi tạo dữ liệu mẫu cho ${o.name}`,
        },
      );
    }
    for (const o of DEMO_ORGANS) {
      const others = DEMO_ORGANS.filter((x) => x.code !== o.code).map((x) => ({ code: x.code, name: x.name }));
      for (const d of [...others, ...DIRECTORY]) {
        await trx
          .insertInto('external_organs')
          .values({ organ_id: organIds[o.code]!, code: d.code, name: d.name, email: null, phone: null, address: null })
          .execute();
      }
    }
  });
  return true;
}

export function demoLoginTable(): string {
  const lines = ['Tài khoản mẫu (mật khẩu chung: ' + DEMO_PASSWORD + '):'];
  for (const o of DEMO_ORGANS) {
    lines.push(`  ${o.name} (${o.code})`);
    for (const u of o.users)
      lines.push(`    ${u.username.padEnd(18)} ${u.position}${u.roles.includes('admin') ? ' — quản trị' : ''}`);
  }
  return lines.join('\n');
}
