// Typed access to element values, recording values that cannot be read (non-numeric numbers...).
import { normalizeDate, normalizeTimestamp } from './dates';
import type { Organ, ResponseFor, StaffInfo, Warning } from './types';
import { child, childText, childrenOf, type XmlNode } from './xml-node';

export class FieldReader {
  readonly issues: Warning[] = [];

  str(node: XmlNode | undefined, name: string): string | undefined {
    const v = childText(node, name);
    return v === undefined || v === '' ? undefined : v;
  }

  req(node: XmlNode | undefined, name: string): string {
    return childText(node, name) ?? '';
  }

  int(node: XmlNode | undefined, name: string, path: string): number | undefined {
    const v = this.str(node, name);
    if (v === undefined) return undefined;
    if (!/^[+-]?\d{1,15}$/.test(v)) {
      this.issues.push({
        code: 'edxml.bad_number',
        path: `${path}.${name}`,
        message: `Giá trị "${v.slice(0, 40)}" không phải số nguyên.`,
      });
      return undefined;
    }
    return Number(v);
  }

  bool(node: XmlNode | undefined, name: string, path: string): boolean | undefined {
    const v = this.str(node, name)?.toLowerCase();
    if (v === undefined) return undefined;
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    this.issues.push({
      code: 'edxml.bad_boolean',
      path: `${path}.${name}`,
      message: `Giá trị "${v.slice(0, 40)}" không phải true/false.`,
    });
    return undefined;
  }

  date(node: XmlNode | undefined, name: string): string | undefined {
    const v = this.str(node, name);
    return v === undefined ? undefined : normalizeDate(v);
  }

  timestamp(node: XmlNode | undefined, name: string): string | undefined {
    const v = this.str(node, name);
    return v === undefined ? undefined : normalizeTimestamp(v);
  }

  list(node: XmlNode | undefined, name: string): string[] {
    return childrenOf(node, name)
      .map((c) => c.text.trim())
      .filter((s) => s !== '');
  }

  organ(node: XmlNode | undefined): Organ {
    return compact({
      organId: this.req(node, 'OrganId'),
      organizationInCharge: this.str(node, 'OrganizationInCharge'),
      organName: this.str(node, 'OrganName'),
      organAdd: this.str(node, 'OrganAdd'),
      email: this.str(node, 'Email'),
      telephone: this.str(node, 'Telephone'),
      fax: this.str(node, 'Fax'),
      website: this.str(node, 'Website'),
    });
  }

  responseFor(node: XmlNode | undefined): ResponseFor {
    return compact({
      organId: this.req(node, 'OrganId'),
      code: this.str(node, 'Code'),
      promulgationDate: this.date(node, 'PromulgationDate'),
      documentId: this.str(node, 'DocumentId'),
    });
  }

  staffInfo(node: XmlNode | undefined): StaffInfo | undefined {
    if (!node) return undefined;
    return compact({
      department: this.str(node, 'Department'),
      staff: this.str(node, 'Staff'),
      email: this.str(node, 'Email'),
      mobile: this.str(node, 'Mobile'),
    });
  }
}

/** Drops undefined properties so parsed objects compare and serialise cleanly. */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

export { child };
