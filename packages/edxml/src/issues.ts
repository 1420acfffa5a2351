// Collects validation issues with stable codes and Vietnamese messages.
import { isCanonicalDate, isCanonicalTimestamp } from './dates';
import { isValidOrganCode } from './organ-code';
import type { Organ, StaffInfo } from './types';

export interface ValidationIssue {
  code: string;
  path: string;
  message: string;
}

export class IssueList {
  readonly items: ValidationIssue[] = [];

  constructor(readonly strictOrganCodes: boolean) {}

  add(code: string, path: string, message: string): void {
    this.items.push({ code, path, message });
  }

  required(path: string, value: string | undefined | null): boolean {
    if (value === undefined || value === null || value.trim() === '') {
      this.add('edxml.required', path, 'Thiếu thông tin bắt buộc.');
      return false;
    }
    return true;
  }

  maxLength(path: string, value: string | undefined, max: number): void {
    if (value !== undefined && [...value].length > max) this.add('edxml.too_long', path, `Dài quá ${max} ký tự.`);
  }

  date(path: string, value: string | undefined): void {
    if (value !== undefined && !isCanonicalDate(value))
      this.add('edxml.bad_date', path, `Ngày "${value.slice(0, 40)}" không hợp lệ (yyyy/MM/dd).`);
  }

  timestamp(path: string, value: string | undefined): void {
    if (value !== undefined && value !== '' && !isCanonicalTimestamp(value)) {
      this.add('edxml.bad_date', path, `Thời điểm "${value.slice(0, 40)}" không hợp lệ (yyyy/MM/dd HH:mm:ss).`);
    }
  }

  range(path: string, value: number | undefined, min: number, max: number, code = 'edxml.out_of_range'): void {
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
      this.add(code, path, `Giá trị ${value} nằm ngoài khoảng ${min}–${max}.`);
    }
  }

  organId(path: string, value: string): void {
    if (!this.required(path, value)) return;
    if (!isValidOrganCode(value, this.strictOrganCodes))
      this.add('edxml.bad_organ_code', path, `Mã định danh "${value.slice(0, 40)}" không đúng định dạng.`);
  }

  organ(path: string, o: Organ | undefined): void {
    if (!o) {
      this.required(path, undefined);
      return;
    }
    this.organId(`${path}.OrganId`, o.organId);
    this.maxLength(`${path}.OrganName`, o.organName, 200);
    this.maxLength(`${path}.OrganAdd`, o.organAdd, 500);
    this.maxLength(`${path}.Email`, o.email, 100);
    this.maxLength(`${path}.Telephone`, o.telephone, 20);
    this.maxLength(`${path}.Fax`, o.fax, 20);
  }

  staff(path: string, s: StaffInfo | undefined): void {
    if (!s) return;
    this.maxLength(`${path}.Email`, s.email, 100);
    this.maxLength(`${path}.Mobile`, s.mobile, 20);
  }
}
