import { z } from 'zod';
import { sql } from 'kysely';
import type { RouteModule } from '../../http/app';
import { actorOf, requirePrincipal } from '../../http/context';
import { forbidden } from '../../http/errors';
import { recordAudit } from '../audit';
import { searchError } from './search.errors';
import { COLUMN_KEYS, DEFAULT_COLUMNS, toPdf, toXlsx, type Column } from './search.export';
import { PICKER_KINDS, pick } from './search.pickers';
import { deleteSaved, listSaved, saveSearch } from './search.saved';
import { similarTo } from './search.similar';
import { KINDS, SORTS, search, type SearchInput } from './search.service';
import type { ItemKind } from './search.tables';

const tags = ['tìm kiếm'];
const csv = <T extends string>(allowed: readonly T[], what: string) =>
  z
    .string()
    .max(500)
    .transform((s, ctx) => {
      const xs = s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      const bad = xs.filter((x) => !allowed.includes(x as T));
      if (bad.length) ctx.addIssue({ code: 'custom', message: `${what} không hợp lệ: ${bad.join(', ')}` });
      return xs as T[];
    });

export const SearchQuery = z.object({
  q: z.string().max(1000).optional(),
  kind: csv(KINDS, 'Loại kết quả').optional(),
  from: z.string().max(20).optional(),
  to: z.string().max(20).optional(),
  year: z.coerce.number().int().min(1900).max(2200).optional(),
  docType: z.string().max(200).optional(),
  organName: z.string().max(500).optional(),
  unitId: z.string().uuid().optional(),
  status: z.string().max(50).optional(),
  urgency: z.string().max(50).optional(),
  sort: z.enum(SORTS).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).optional(),
  facets: z.enum(['0', '1']).optional(),
});
type SearchQueryT = z.infer<typeof SearchQuery>;
const ExportQuery = SearchQuery.omit({ page: true, pageSize: true, facets: true }).extend({
  columns: csv(COLUMN_KEYS, 'Cột').optional(),
});

const Facet = z.array(z.object({ value: z.string(), label: z.string(), count: z.number() }));
const Hit = z.object({
  kind: z.enum(['incoming', 'outgoing', 'workfile', 'member']),
  id: z.string(),
  fileId: z.string().nullable(),
  numberNotation: z.string(),
  title: z.string(),
  organName: z.string(),
  typeName: z.string(),
  docDate: z.string().nullable(),
  status: z.string(),
  urgency: z.string(),
  confidentiality: z.string(),
  titleHl: z.string(),
  snippet: z.string(),
  snippetPage: z.number().nullable(),
  score: z.number(),
});
const Result = z.object({
  items: z.array(Hit),
  total: z.number(),
  totalCapped: z.boolean(),
  page: z.number(),
  pageSize: z.number(),
  facets: z
    .object({ kind: Facet, year: Facet, docType: Facet, organName: Facet, unit: Facet, status: Facet, urgency: Facet })
    .nullable(),
});
const Saved = z.object({
  id: z.string(),
  name: z.string(),
  params: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

const toInput = (q: SearchQueryT): SearchInput => ({
  q: q.q,
  kind: q.kind as ItemKind[] | undefined,
  from: q.from,
  to: q.to,
  year: q.year,
  docType: q.docType,
  organName: q.organName,
  unitId: q.unitId,
  status: q.status,
  urgency: q.urgency,
  sort: q.sort,
  page: q.page,
  pageSize: q.pageSize,
  facets: q.facets === undefined ? true : q.facets === '1',
});
const EXPORT_MAX = 5000;

export const searchRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/search',
    {
      schema: {
        tags,
        summary:
          'Tìm kiếm chung: văn bản đến, đi, hồ sơ — gõ không dấu được, mọi từ theo thứ tự bất kỳ, "cụm từ", số ký hiệu; kèm bộ lọc và trích đoạn',
        querystring: SearchQuery,
        response: { 200: Result },
      },
    },
    async (req) => {
      return search(deps, requirePrincipal(req), toInput(req.query));
    },
  );

  app.get(
    '/api/search/pick',
    {
      schema: {
        tags,
        summary: 'Chọn nhanh (loại văn bản, cơ quan ban hành, đơn vị, cán bộ, hồ sơ): khớp từng từ, không dấu được',
        querystring: z.object({
          kind: z.enum(PICKER_KINDS),
          q: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(50).optional(),
        }),
        response: {
          200: z.array(
            z.object({ id: z.string(), code: z.string().nullable(), name: z.string(), detail: z.string().nullable() }),
          ),
        },
      },
    },
    async (req) => {
      return pick(deps, requirePrincipal(req), req.query.kind, req.query.q, req.query.limit);
    },
  );

  for (const format of ['xlsx', 'pdf'] as const) {
    app.get(
      `/api/search/export.${format}`,
      {
        schema: {
          tags,
          summary: `Xuất kết quả tìm kiếm ra ${format.toUpperCase()} (các cột đã chọn, tối đa ${EXPORT_MAX} dòng)`,
          querystring: ExportQuery,
        },
      },
      async (req, reply) => {
        const p = requirePrincipal(req);
        const { columns, ...rest } = req.query;
        const input = toInput({ ...rest, page: 1, pageSize: 100, facets: '0' });
        const first = await search(deps, p, input);
        if (first.total > EXPORT_MAX) throw searchError('search.export_too_large', { total: first.total });
        const hits = [...first.items];
        for (let page = 2; hits.length < first.total; page++) {
          const r = await search(deps, p, { ...input, page });
          if (!r.items.length) break;
          hits.push(...r.items);
        }
        const cols = (columns?.length ? columns : DEFAULT_COLUMNS) as Column[];
        const title = `Kết quả tìm kiếm${rest.q ? `: ${rest.q}` : ''}`;
        await recordAudit(deps.db, actorOf(req), {
          action: 'search.export',
          entityType: 'search',
          summary: `Xuất ${hits.length} kết quả tìm kiếm ra ${format.toUpperCase()}`,
          after: { ...rest, columns: cols, count: hits.length },
        });
        const name = `ket-qua-tim-kiem.${format}`;
        reply.header('content-disposition', `attachment; filename="${name}"`);
        if (format === 'xlsx') {
          const bytes = toXlsx(title, hits, cols);
          reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
          return reply.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        }
        reply.header('content-type', 'application/pdf');
        return reply.send(await toPdf(title, hits, cols));
      },
    );
  }

  app.get(
    '/api/search/similar',
    {
      schema: {
        tags,
        summary:
          'Văn bản liên quan: cùng từ trong trích yếu, cùng cơ quan ban hành, cùng hồ sơ (chỉ những văn bản được xem)',
        querystring: z.object({ kind: z.enum(['incoming', 'outgoing', 'workfile', 'member']), id: z.string().uuid() }),
        response: {
          200: z.array(
            z.object({
              kind: z.string(),
              id: z.string(),
              fileId: z.string().nullable(),
              numberNotation: z.string(),
              title: z.string(),
              organName: z.string(),
              docDate: z.string().nullable(),
              score: z.number(),
            }),
          ),
        },
      },
    },
    async (req) => {
      return similarTo(deps, requirePrincipal(req), req.query.kind, req.query.id);
    },
  );

  app.get(
    '/api/search/saved',
    { schema: { tags, summary: 'Các tìm kiếm đã lưu của tôi', response: { 200: z.array(Saved) } } },
    async (req) => listSaved(deps, requirePrincipal(req)),
  );
  app.post(
    '/api/search/saved',
    {
      schema: {
        tags,
        summary: 'Lưu tìm kiếm (từ khóa, bộ lọc, cột, sắp xếp)',
        body: z.object({
          name: z.string().trim().min(1).max(200),
          params: z
            .record(z.string().max(50), z.unknown())
            .refine((o) => JSON.stringify(o).length < 10_000, 'Tham số quá dài.'),
        }),
        response: { 200: Saved },
      },
    },
    async (req) => {
      return saveSearch(deps, requirePrincipal(req), actorOf(req), req.body.name, req.body.params);
    },
  );
  app.delete(
    '/api/search/saved/:id',
    { schema: { tags, summary: 'Xóa một tìm kiếm đã lưu', params: z.object({ id: z.string().uuid() }) } },
    async (req, reply) => {
      await deleteSaved(deps, requirePrincipal(req), actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/search/index-status',
    {
      schema: {
        tags,
        summary: 'Tiến độ lập chỉ mục toàn văn (quản trị): tệp đã trích, đang chờ, lỗi',
        response: {
          200: z.object({
            items: z.number(),
            filesExtracted: z.number(),
            filesWithText: z.number(),
            pending: z.number(),
            running: z.number(),
            dead: z.number(),
          }),
        },
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      if (!p.roles.has('admin') && !p.sysadmin) throw forbidden();
      const r = await sql<{
        items: string;
        extracted: string;
        with_text: string;
        pending: string;
        running: string;
        dead: string;
      }>`SELECT
      (SELECT count(*) FROM search_items WHERE organ_id = ${p.organId}) AS items,
      (SELECT count(*) FROM search_file_texts WHERE organ_id = ${p.organId}) AS extracted,
      (SELECT count(*) FROM search_file_texts WHERE organ_id = ${p.organId} AND text <> '') AS with_text,
      (SELECT count(*) FROM jobs WHERE kind = 'search.extract' AND organ_id = ${p.organId} AND state = 'pending') AS pending,
      (SELECT count(*) FROM jobs WHERE kind = 'search.extract' AND organ_id = ${p.organId} AND state = 'running') AS running,
      (SELECT count(*) FROM jobs WHERE kind = 'search.extract' AND organ_id = ${p.organId} AND state = 'dead') AS dead`.execute(
        deps.db,
      );
      const x = r.rows[0]!;
      return {
        items: Number(x.items),
        filesExtracted: Number(x.extracted),
        filesWithText: Number(x.with_text),
        pending: Number(x.pending),
        running: Number(x.running),
        dead: Number(x.dead),
      };
    },
  );
};
