// validateStatus: status package rules of exchange.md §2.
import { IssueList, type ValidationIssue } from './issues';
import { isStatusCode } from './status-codes';
import type { ParsedStatus } from './types';
import type { ValidateOptions } from './validate-edoc';

export function validateStatus(
  doc: Pick<ParsedStatus, 'status'> & Partial<Pick<ParsedStatus, 'fieldIssues'>>,
  options: ValidateOptions = {},
): ValidationIssue[] {
  const v = new IssueList(options.strictOrganCodes ?? false);
  for (const f of doc.fieldIssues ?? []) v.add(f.code, f.path, f.message);
  const s = doc.status;
  const p = 'MessageHeader';
  v.organ(`${p}.From`, s.from);
  v.organId(`${p}.ResponseFor.OrganId`, s.responseFor.organId);
  v.required(`${p}.ResponseFor.DocumentId`, s.responseFor.documentId);
  v.date(`${p}.ResponseFor.PromulgationDate`, s.responseFor.promulgationDate);
  v.staff(`${p}.StaffInfo`, s.staffInfo);
  if (v.required(`${p}.StatusCode`, s.statusCode) && !isStatusCode(s.statusCode)) {
    v.add(
      'edxml.bad_status_code',
      `${p}.StatusCode`,
      `Mã trạng thái "${s.statusCode.slice(0, 10)}" không có trong bảng mã.`,
    );
  }
  if (s.statusCode === '13') v.required(`${p}.Description`, s.description);
  if (v.required(`${p}.Timestamp`, s.timestamp)) v.timestamp(`${p}.Timestamp`, s.timestamp);
  return v.items;
}
