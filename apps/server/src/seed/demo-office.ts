/**
 * A working office for the demo (issue 11): a few hundred incoming and outgoing documents across every status
 * and box, overdue and due-soon items, drafts waiting at every route step, so every demo user's screens show
 * real work on first start. Everything goes through the HTTP API in process (app.inject), i.e. through the
 * modules' own services and rules (numbering, policies, audit, signing) — never raw SQL.
 *
 * Idempotent: it runs when the first demo organ has no document yet, and records an audit event when done.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { addDays, todayVN } from '@vanthu/vn';
import type { Deps } from '../deps';
import { recordAudit } from '../modules/audit/audit.service';
import { DEMO_ORGANS, DEMO_PASSWORD } from './demo';

type Json = Record<string, unknown>;
interface Res {
  statusCode: number;
  body: string;
  json: () => unknown;
}

/** One signed-in demo user talking to the API in process (cookie + CSRF, as the browser does). */
class Caller {
  private cookie = '';
  private csrf = '';
  constructor(
    private readonly app: FastifyInstance,
    readonly username: string,
  ) {}

  async login(): Promise<this> {
    const r = await this.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: this.username, password: DEMO_PASSWORD },
    });
    if (r.statusCode !== 200) throw new Error(`demo office: login ${this.username}: ${r.statusCode} ${r.body}`);
    const sid = r.cookies.find((c) => c.name === 'vanthu_sid');
    this.cookie = `vanthu_sid=${sid?.value ?? ''}`;
    this.csrf = (r.json() as { csrfToken: string }).csrfToken;
    return this;
  }

  async call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: Json | Buffer,
    headers: Record<string, string> = {},
  ): Promise<Res> {
    const r = await this.app.inject({
      method,
      url,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...headers },
      ...(payload !== undefined ? { payload } : {}),
    });
    if (r.statusCode >= 300)
      throw new Error(`demo office: ${this.username} ${method} ${url}: ${r.statusCode} ${r.body}`);
    return r;
  }
  get = async <T>(url: string) => (await this.call('GET', url)).json() as T;
  post = async <T = unknown>(url: string, body: Json = {}) => {
    const r = await this.call('POST', url, body);
    return (r.body ? r.json() : null) as T;
  };
  async multipart<T>(
    url: string,
    parts: { name: string; filename?: string; type?: string; content: Buffer | string }[],
  ): Promise<T> {
    const boundary = `----vanthuDemo${randomBytes(6).toString('hex')}`;
    const chunks: Buffer[] = [];
    for (const p of parts) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`,
        ),
      );
      chunks.push(typeof p.content === 'string' ? Buffer.from(p.content) : p.content);
      chunks.push(Buffer.from('\r\n'));
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    return (
      await this.call('POST', url, Buffer.concat(chunks), {
        'content-type': `multipart/form-data; boundary=${boundary}`,
      })
    ).json() as T;
  }
}

/** Small deterministic generator, so every fresh demo looks the same. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}

/** Runs `fn` over `items` with at most `n` at a time (registrations of one register are group-committed). */
async function pool<T>(items: T[], n: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

const SENDERS = [
  { name: 'Văn phòng Chính phủ', abbr: 'VPCP', signer: ['Phó Chủ nhiệm', 'Nguyễn Sỹ Hiệp'] },
  { name: 'Bộ Tư pháp', abbr: 'BTP', signer: ['Thứ trưởng', 'Nguyễn Thanh Tịnh'] },
  { name: 'Bộ Tài chính', abbr: 'BTC', signer: ['Thứ trưởng', 'Cao Anh Tuấn'] },
  { name: 'Bộ Kế hoạch và Đầu tư', abbr: 'BKHĐT', signer: ['Thứ trưởng', 'Trần Duy Đông'] },
  { name: 'Ủy ban nhân dân tỉnh Hà Giang', abbr: 'UBND', signer: ['Phó Chủ tịch', 'Hoàng Gia Long'] },
  { name: 'Ủy ban nhân dân thành phố Hải Phòng', abbr: 'UBND', signer: ['Chủ tịch', 'Nguyễn Văn Tùng'] },
  { name: 'Bảo hiểm xã hội Việt Nam', abbr: 'BHXH', signer: ['Phó Tổng Giám đốc', 'Chu Mạnh Sinh'] },
  { name: 'Thanh tra Chính phủ', abbr: 'TTCP', signer: ['Phó Tổng Thanh tra', 'Lê Sỹ Bảy'] },
] as const;

const TOPICS = [
  'góp ý dự thảo Nghị định quy định về công tác văn thư',
  'báo cáo tình hình thực hiện chỉ tiêu biên chế năm 2026',
  'đề nghị cung cấp số liệu tinh giản biên chế quý IV',
  'triển khai chuyển đổi số trong quản lý văn bản và hồ sơ điện tử',
  'tổ chức hội nghị tập huấn nghiệp vụ lưu trữ',
  'rà soát văn bản quy phạm pháp luật lĩnh vực nội vụ',
  'thẩm định đề án vị trí việc làm',
  'kiện toàn tổ chức bộ máy các đơn vị sự nghiệp công lập',
  'kế hoạch thi nâng ngạch công chức năm 2027',
  'xin ý kiến về phương án sắp xếp đơn vị hành chính cấp xã',
  'đôn đốc nộp hồ sơ, tài liệu vào Lưu trữ lịch sử',
  'hướng dẫn đánh giá, xếp loại chất lượng cán bộ, công chức',
  'thực hiện chế độ báo cáo thống kê ngành nội vụ',
  'phối hợp tổ chức kỷ niệm ngày truyền thống ngành',
  'tăng cường kỷ luật, kỷ cương hành chính',
  'đề nghị khen thưởng tập thể, cá nhân có thành tích xuất sắc',
  'cử cán bộ tham gia đoàn kiểm tra công tác cải cách hành chính',
  'ứng dụng chữ ký số trong trao đổi văn bản điện tử',
] as const;

const IN_TYPES = [
  { code: 'cong_van', prefix: 'V/v ' },
  { code: 'cong_van', prefix: 'V/v ' },
  { code: 'cong_van', prefix: 'V/v ' },
  { code: 'to_trinh', prefix: 'Tờ trình về ' },
  { code: 'bao_cao', prefix: 'Báo cáo ' },
  { code: 'ke_hoach', prefix: 'Kế hoạch ' },
  { code: 'thong_bao', prefix: 'Thông báo về ' },
  { code: 'giay_moi', prefix: 'Mời họp về ' },
  { code: 'quyet_dinh', prefix: 'Quyết định về ' },
] as const;

function capital(s: string) {
  return s[0]!.toUpperCase() + s.slice(1);
}

async function pdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  // Standard fonts carry no Vietnamese glyphs: the scan's text is folded to ASCII (it is an image in real life).
  const ascii = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D');
  lines.forEach((l, i) => page.drawText(ascii(l), { x: 70, y: 780 - i * 22, size: 13, font }));
  return Buffer.from(await doc.save());
}

/** Incoming life cycle the seed drives a document to. */
type InPlan =
  | { kind: 'registered' }
  | { kind: 'presented'; leader: string }
  | {
      kind: 'assigned';
      leader: string;
      lead: { unit?: string; user?: string };
      coordinate?: string;
      info?: string;
      due: number;
      then?: 'reassign' | 'progress' | 'reassign_progress' | 'complete' | 'return';
    }
  | { kind: 'rejected' };

interface OrganPlan {
  code: string;
  clerk: string;
  leaders: string[];
  /** unit abbr → who leads it and who works in it */
  units: { key: string; head: string; staff?: string }[];
  extraLeads: string[];
  incoming: number;
}

const PLANS: OrganPlan[] = [
  {
    code: '000.00.00.G09',
    clerk: 'vanthu',
    leaders: ['thutruong', 'botruong'],
    units: [
      { key: 'PC', head: 'vutruong.pc', staff: 'chuyenvien.pc' },
      { key: 'TCCB', head: 'vutruong.tccb', staff: 'chuyenvien.tccb' },
      { key: 'VP', head: 'chanhvp' },
      { key: 'VTLT', head: 'cuctruong.vtlt' },
    ],
    extraLeads: ['quantri', 'sysadmin', 'vanthu', 'chanhvp'],
    incoming: 200,
  },
  {
    code: '000.00.12.H29',
    clerk: 'snv.vanthu',
    leaders: ['snv.giamdoc'],
    units: [{ key: 'TCBC', head: 'snv.truongphong', staff: 'snv.chuyenvien' }],
    extraLeads: ['snv.quantri', 'snv.vanthu'],
    incoming: 60,
  },
];

function incomingPlans(o: OrganPlan, r: ReturnType<typeof rng>): InPlan[] {
  const plans: InPlan[] = [];
  const n = o.incoming;
  const unitAt = (i: number) => o.units[i % o.units.length]!;
  for (let i = 0; i < n; i++) {
    const slot = i % 20;
    const leader = o.leaders[i % o.leaders.length]!;
    const ui = i + Math.floor(i / 20);
    const u = unitAt(ui);
    const info = i % 3 === 0 ? o.extraLeads[i % o.extraLeads.length] : undefined;
    const coordinate = o.units.length > 1 && i % 4 === 0 ? unitAt(ui + 1).key : undefined;
    // deadlines: overdue (-9..-1), due soon (0..2), later (5..25)
    const overdue = -r.int(1, 9);
    const soon = r.int(0, 2);
    const later = r.int(5, 25);
    if (slot === 0) plans.push({ kind: 'registered' });
    else if (slot === 1 && i % 40 === 1) plans.push({ kind: 'rejected' });
    else if (slot <= 3) plans.push({ kind: 'presented', leader });
    else if (slot === 4)
      plans.push({
        kind: 'assigned',
        leader,
        lead: { unit: u.key },
        due: overdue,
        ...(coordinate ? { coordinate } : {}),
        ...(info ? { info } : {}),
      });
    else if (slot === 5)
      plans.push({ kind: 'assigned', leader, lead: { unit: u.key }, due: soon, ...(info ? { info } : {}) });
    else if (slot === 6)
      plans.push({
        kind: 'assigned',
        leader,
        lead: { unit: u.key },
        due: later,
        ...(coordinate ? { coordinate } : {}),
      });
    else if (slot === 7)
      plans.push({ kind: 'assigned', leader, lead: { unit: u.key }, due: overdue, then: 'reassign' });
    else if (slot === 8)
      plans.push({
        kind: 'assigned',
        leader,
        lead: { unit: u.key },
        due: soon,
        then: 'reassign_progress',
        ...(info ? { info } : {}),
      });
    else if (slot === 9) plans.push({ kind: 'assigned', leader, lead: { unit: u.key }, due: later, then: 'progress' });
    else if (slot === 10)
      plans.push({
        kind: 'assigned',
        leader,
        lead: { user: o.extraLeads[((i / 20) % o.extraLeads.length) | 0] },
        due: (i / 20) % 2 ? soon : later,
      });
    else if (slot === 11 && i % 60 === 11)
      plans.push({ kind: 'assigned', leader, lead: { unit: u.key }, due: later, then: 'return' });
    else
      plans.push({
        kind: 'assigned',
        leader,
        lead: { unit: u.key },
        due: r.int(-20, 15),
        then: 'complete',
        ...(coordinate ? { coordinate } : {}),
        ...(info ? { info } : {}),
      });
  }
  return plans;
}

export interface DemoOfficeResult {
  incoming: number;
  outgoing: number;
  ms: number;
  skipped?: boolean;
}

/** Seeds the working office once. Returns what it created (skipped when the first demo organ has documents). */
export async function seedDemoOffice(deps: Deps, app: FastifyInstance): Promise<DemoOfficeResult> {
  const started = Date.now();
  const first = await deps.db
    .selectFrom('organs')
    .select('id')
    .where('code', '=', DEMO_ORGANS[0]!.code)
    .executeTakeFirst();
  if (!first) return { incoming: 0, outgoing: 0, ms: 0, skipped: true };
  const done = await deps.db
    .selectFrom('audit_events')
    .select('id')
    .where('organ_id', '=', first.id)
    .where('action', '=', 'system.seed_demo_office')
    .executeTakeFirst();
  const hasDocs = await deps.db
    .selectFrom('incoming_documents')
    .select('id')
    .where('organ_id', '=', first.id)
    .limit(1)
    .executeTakeFirst();
  if (done || hasDocs) return { incoming: 0, outgoing: 0, ms: 0, skipped: true };

  const callers = new Map<string, Caller>();
  const as = async (username: string) => {
    let c = callers.get(username);
    if (!c) callers.set(username, (c = await new Caller(app, username).login()));
    return c;
  };
  const today = todayVN(deps.now());
  let incoming = 0;
  let outgoing = 0;
  for (const [oi, o] of PLANS.entries()) {
    const r = rng(20261121 + oi);
    const admin = await as(o.extraLeads[0]!);
    const users = Object.fromEntries(
      (await admin.get<{ id: string; username: string }[]>('/api/admin/users')).map((u) => [u.username, u.id]),
    );
    const units = Object.fromEntries(
      (await admin.get<{ id: string; abbr: string }[]>('/api/admin/units')).map((u) => [u.abbr, u.id]),
    );
    const organ = DEMO_ORGANS.find((x) => x.code === o.code)!;
    const unitId = (key: string) => units[organ.units.find((u) => u.key === key)!.abbr]!;
    const clerk = await as(o.clerk);
    const plans = incomingPlans(o, r);
    const scan = await pdf(['VAN BAN DEN (ban quet trinh dien)', organ.name]);
    await pool(plans, 4, async (plan, i) => {
      const sender = SENDERS[(i * 7 + oi) % SENDERS.length]!;
      const type = IN_TYPES[(i * 5) % IN_TYPES.length]!;
      const topic = TOPICS[(i * 11 + oi) % TOPICS.length]!;
      const arrival = addDays(today, -Math.min(60, Math.floor(i / 4)));
      // A few confidential ones (sổ đến mật), only where every person involved is cleared (leaders, the clerk).
      const confidential = (plan.kind === 'presented' || plan.kind === 'registered') && i % 3 === 0;
      const meta = {
        docTypeCode: type.code,
        number: String(100 + ((i * 37) % 900)),
        notation: `${sender.abbr}-${['VP', 'TCCB', 'PC', 'KHTC'][i % 4]}`,
        issuedDate: addDays(arrival, -r.int(1, 5)),
        arrivalDate: arrival,
        issuingOrganName: sender.name,
        subject: capital(type.prefix + topic),
        signerPosition: sender.signer[0],
        signerName: sender.signer[1],
        urgency: i % 9 === 0 ? 'khan' : i % 23 === 0 ? 'thuong_khan' : 'thuong',
        confidentiality: confidential ? 'mat' : 'thuong',
        recipients: organ.name,
        pageCount: 1 + (i % 4),
        confirmDuplicate: true,
        ...(plan.kind !== 'registered' && plan.kind !== 'rejected'
          ? { presentTo: { userId: users[plan.leader], note: 'Kính trình Lãnh đạo cho ý kiến chỉ đạo.' } }
          : {}),
      };
      const reg = await clerk.multipart<{ id: string }>('/api/incoming', [
        { name: 'meta', content: JSON.stringify(meta) },
        { name: 'files', filename: `scan-${i + 1}.pdf`, type: 'application/pdf', content: scan },
      ]);
      incoming++;
      const id = reg.id;
      if (plan.kind === 'rejected') {
        await clerk.post(`/api/incoming/${id}/reject`, {
          reason: 'Văn bản gửi nhầm cơ quan, đề nghị gửi đúng nơi có thẩm quyền.',
        });
        return;
      }
      if (plan.kind !== 'assigned') return;
      const leader = await as(plan.leader);
      const lead = plan.lead.user ? { userId: users[plan.lead.user] } : { unitId: unitId(plan.lead.unit!) };
      await leader.post(`/api/incoming/${id}/assign`, {
        direction: plan.lead.user
          ? 'Giao đồng chí theo dõi, xử lý, báo cáo kết quả.'
          : 'Giao đơn vị chủ trì nghiên cứu, tham mưu; báo cáo trước hạn.',
        lead,
        coordinate: plan.coordinate ? [{ unitId: unitId(plan.coordinate) }] : [],
        info: plan.info ? [{ userId: users[plan.info] }] : [],
        deadline: { date: addDays(today, plan.due) },
      });
      if (!plan.then || plan.lead.user) return;
      const unit = o.units.find((u) => u.key === plan.lead.unit)!;
      const head = await as(unit.head);
      let worker = head;
      if ((plan.then === 'reassign' || plan.then === 'reassign_progress' || plan.then === 'complete') && unit.staff) {
        await head.post(`/api/incoming/${id}/reassign`, {
          direction: 'Đồng chí chủ trì xử lý, dự thảo văn bản trả lời.',
          lead: users[unit.staff],
        });
        worker = await as(unit.staff);
      }
      if (plan.then === 'progress' || plan.then === 'reassign_progress')
        await worker.post(`/api/incoming/${id}/progress`, {
          note: 'Đã tổng hợp ý kiến các đơn vị, đang hoàn thiện dự thảo.',
        });
      if (plan.then === 'complete') {
        await worker.post(`/api/incoming/${id}/progress`, { note: 'Đã nghiên cứu, xây dựng dự thảo văn bản trả lời.' });
        await worker.post(`/api/incoming/${id}/complete`, {
          note: 'Đã xử lý xong, có văn bản trả lời.',
          answerRef: `${r.int(10, 300)}/${organ.abbr}-${plan.lead.unit}`,
        });
      }
      if (plan.then === 'return')
        await head.post(`/api/incoming/${id}/return`, {
          reason: 'Nội dung không thuộc chức năng, nhiệm vụ của đơn vị.',
        });
    });
    outgoing += await seedOutgoing(o, organ.name, { users, unitId, as, today, r });
  }
  await (await import('../modules/archive')).seedArchiveDemo(deps, app); // two closed files transferred to the archive (issue 21)
  const ms = Date.now() - started;
  await deps.db.transaction().execute(async (trx) => {
    await recordAudit(
      trx,
      { userId: null, name: 'Hệ thống', organId: first.id },
      {
        action: 'system.seed_demo_office',
        entityType: 'organ',
        entityId: first.id,
        summary: `Dữ liệu mẫu: ${incoming} văn bản đến, ${outgoing} văn bản đi`,
        after: { incoming, outgoing, ms },
      },
    );
  });
  return { incoming, outgoing, ms };
}

type Stage = 'draft' | 'initial' | 'format_check' | 'sign' | 'returned' | 'signed' | 'issued';

async function seedOutgoing(
  o: OrganPlan,
  organName: string,
  ctx: {
    users: Record<string, string>;
    unitId: (key: string) => string;
    as: (u: string) => Promise<Caller>;
    today: string;
    r: ReturnType<typeof rng>;
  },
): Promise<number> {
  // The default ISO route needs an Office chief (format check); the demo province office has none, so only the ministry drafts.
  if (o.code !== '000.00.00.G09') return 0;
  const stages: Stage[] = [];
  const counts: [Stage, number][] = [
    ['draft', 10],
    ['initial', 12],
    ['format_check', 12],
    ['sign', 12],
    ['returned', 6],
    ['signed', 10],
    ['issued', 28],
  ];
  for (const [s, n] of counts) for (let k = 0; k < n; k++) stages.push(s);
  const drafters = o.units.filter((u) => u.staff);
  let made = 0;
  const pdfCache = new Map<number, Buffer>();
  await pool(stages, 3, async (stage, i) => {
    const unit = drafters[i % drafters.length]!;
    const drafter = await ctx.as(unit.staff!);
    const signer = i % 3 === 0 ? 'botruong' : 'thutruong';
    const topic = TOPICS[(i * 5 + 3) % TOPICS.length]!;
    const docType = i % 5 === 0 ? 'ke_hoach' : i % 7 === 0 ? 'thong_bao' : 'cong_van';
    const recipients =
      i % 2 === 0
        ? [{ kind: 'internal', unitId: ctx.unitId(i % 4 === 0 ? 'VTLT' : 'VP') }]
        : [
            { kind: 'internal', unitId: ctx.unitId(unit.key === 'PC' ? 'TCCB' : 'PC') },
            { kind: 'external', organCode: '000.00.12.H29' },
          ];
    const created = await drafter.post<{ id: string }>('/api/outgoing', {
      docType,
      subject: capital(
        (docType === 'cong_van' ? 'V/v ' : docType === 'ke_hoach' ? 'Kế hoạch ' : 'Thông báo về ') + topic,
      ),
      signerId: ctx.users[signer],
      urgency: i % 8 === 0 ? 'khan' : 'thuong',
      recipients,
    });
    const id = created.id;
    let file = pdfCache.get(i % 6);
    if (!file)
      pdfCache.set(
        i % 6,
        (file = await pdf([organName.toUpperCase(), 'DU THAO VAN BAN', `So hieu ban thao ${i % 6}`])),
      );
    await drafter.multipart(`/api/outgoing/${id}/versions?kind=draft`, [
      { name: 'file', filename: 'du-thao.pdf', type: 'application/pdf', content: file },
    ]);
    made++;
    if (stage === 'draft') return;
    await drafter.post(`/api/outgoing/${id}/submit`);
    if (stage === 'initial') return;
    const head = await ctx.as(unit.head);
    if (stage === 'returned') {
      await head.post(`/api/outgoing/${id}/decision`, {
        decision: 'return',
        target: 'drafter',
        comment: 'Đề nghị bổ sung căn cứ pháp lý và số liệu năm 2026.',
      });
      return;
    }
    await head.post(`/api/outgoing/${id}/decision`, { decision: 'approve' });
    if (stage === 'format_check') return;
    await (await ctx.as('chanhvp')).post(`/api/outgoing/${id}/decision`, { decision: 'approve' });
    if (stage === 'sign') return;
    await (await ctx.as(signer)).post(`/api/outgoing/${id}/decision`, { decision: 'approve' });
    if (stage === 'signed') return;
    await (await ctx.as(o.clerk)).post(`/api/outgoing/${id}/issue`);
  });
  return made;
}
