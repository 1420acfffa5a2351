import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { actorOf, requirePrincipal } from '../../http/context';
import { IdParams } from './workfiles.schemas';
import {
  ActBody,
  actOnSubmission,
  createSubmission,
  getSubmission,
  listSubmissions,
  resubmit,
  ResubmitBody,
  SubmissionOut,
  submissionStats,
  SubmitBody,
} from './workfiles.submissions';

const tags = ['phiếu trình'];

export const workfileSubmissionRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/workfiles/submissions',
    {
      schema: {
        tags,
        summary: 'Phiếu trình: chờ ý kiến của tôi (inbox), tôi đã trình (mine), tôi đã cho ý kiến (done)',
        querystring: z.object({ box: z.enum(['inbox', 'mine', 'done']).default('inbox') }),
        response: { 200: z.array(SubmissionOut) },
      },
    },
    async (req) => {
      return listSubmissions(deps, requirePrincipal(req), req.query.box);
    },
  );
  app.get(
    '/api/workfiles/submissions/stats',
    {
      schema: {
        tags,
        summary: 'Số phiếu trình trong năm và tỷ lệ trình điện tử',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        response: {
          200: z.object({
            year: z.number(),
            total: z.number(),
            electronic: z.number(),
            electronicShare: z.number(),
            approved: z.number(),
          }),
        },
      },
    },
    async (req) => {
      return submissionStats(deps, requirePrincipal(req), req.query.year);
    },
  );
  app.post(
    '/api/workfiles/submissions',
    {
      schema: {
        tags,
        summary: 'Trình hồ sơ hoặc đề xuất: qua lãnh đạo đơn vị, đến lãnh đạo cơ quan',
        body: SubmitBody,
        response: { 200: SubmissionOut },
      },
    },
    async (req) => {
      return createSubmission(deps, requirePrincipal(req), actorOf(req), req.body);
    },
  );
  app.get(
    '/api/workfiles/submissions/:id',
    {
      schema: {
        tags,
        summary: 'Một phiếu trình với các bước và ý kiến',
        params: IdParams,
        response: { 200: SubmissionOut },
      },
    },
    async (req) => getSubmission(deps, requirePrincipal(req), req.params.id),
  );
  app.post(
    '/api/workfiles/submissions/:id/act',
    {
      schema: {
        tags,
        summary: 'Cho ý kiến: đồng ý (chuyển tiếp hoặc duyệt), trả lại, đề nghị bổ sung',
        params: IdParams,
        body: ActBody,
        response: { 200: SubmissionOut },
      },
    },
    async (req) => {
      return actOnSubmission(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body);
    },
  );
  app.post(
    '/api/workfiles/submissions/:id/resubmit',
    {
      schema: {
        tags,
        summary: 'Bổ sung theo đề nghị và trình lại',
        params: IdParams,
        body: ResubmitBody,
        response: { 200: SubmissionOut },
      },
    },
    async (req) => {
      return resubmit(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body.note);
    },
  );
};
