/**
 * Walking the OpenAPI document in tests: plausible values for a schema (with real ids of an organ's objects where a
 * field or a path parameter names one), shared by the bad-input and the isolation sweeps. Not a test file itself.
 */
import type { OrganObjects } from './security.fixtures';

export type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  nullable?: boolean;
  default?: unknown;
};
export interface Param {
  in: string;
  name: string;
  required?: boolean;
  schema: Schema;
}
export interface Operation {
  parameters?: Param[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export const RANDOM_ID = '5f0c7a3e-2b1d-4c8e-9a6f-0d4b3c2a1e9f';

/** A real id of the organ's objects for a body field, by its name (a made-up one without objects). */
export function idForField(fx: OrganObjects | null, key: string | undefined): string {
  if (!fx || !key) return RANDOM_ID;
  const k = key.toLowerCase();
  if (k.includes('unit')) return fx.unit;
  if (k.includes('position')) return fx.position;
  if (k.includes('register')) return fx.register;
  if (k.includes('file')) return fx.upload;
  if (k.includes('incoming')) return fx.incoming;
  if (
    k.includes('user') ||
    k.includes('signer') ||
    k.includes('leader') ||
    k.includes('head') ||
    k.includes('assignee')
  )
    return fx.user;
  if (k === 'refid') return fx.upload;
  return RANDOM_ID;
}
/** A real id of the organ's objects for a path parameter of `path`. */
export function idForPath(fx: OrganObjects | null, path: string, name: string): string {
  if (!fx) return RANDOM_ID;
  const table: [RegExp, keyof OrganObjects][] = [
    [/^\/api\/admin\/units\//, 'unit'],
    [/^\/api\/admin\/users\//, 'user'],
    [/^\/api\/admin\/memberships\//, 'membership'],
    [/^\/api\/admin\/external-organs\//, 'external'],
    [/^\/api\/admin\/registers\//, 'register'],
    [/^\/api\/outgoing-registers\//, 'outgoingRegister'],
    [/^\/api\/admin\/doc-types\//, 'docType'],
    [/^\/api\/files\//, 'upload'],
    [/^\/api\/signatures\//, 'upload'],
    [/^\/api\/workfiles\/plans\//, 'plan'],
    [/^\/api\/workfiles\/submissions\//, 'workfile'],
    [/^\/api\/notifications\//, 'notification'],
    [/^\/api\/outgoing-delegations\//, 'delegation'],
  ];
  if (path.startsWith('/api/incoming/')) return name === 'fileId' ? fx.incomingFile : fx.incoming;
  if (path.startsWith('/api/outgoing/') && !path.includes('consultations'))
    return name === 'fileId' ? fx.outgoingFile : fx.outgoing;
  if (path.startsWith('/api/workfiles/') && !path.includes('/plans/') && !path.includes('/submissions/'))
    return name === 'memberId' ? fx.workfileMember : name === 'userId' ? fx.user : fx.workfile;
  for (const [re, key] of table) if (re.test(path)) return (fx[key] as string | null) ?? RANDOM_ID;
  return RANDOM_ID;
}

/** A plausible value for a schema, so that one malformed field at a time reaches the code behind the edge. */
export function sample(s: Schema | undefined, fx: OrganObjects | null = null, depth = 0, key?: string): unknown {
  if (!s || depth > 6) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const alt = s.oneOf ?? s.anyOf;
  if (alt?.length) return sample(alt[0], fx, depth + 1);
  if (s.allOf?.length) return sample(s.allOf[0], fx, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string': {
      if (s.format === 'uuid') return idForField(fx, key);
      if (s.pattern?.includes('\\d{4}-\\d{2}-\\d{2}') || s.format === 'date') return '2026-12-01';
      if (s.format === 'date-time') return '2026-12-01T08:00:00.000Z';
      if (s.pattern?.includes('[0-9a-f]{64}')) return 'a'.repeat(64);
      if (s.pattern?.includes('A-Za-z0-9+/')) return 'QUJD';
      if (s.format === 'email') return 'a@b.vn';
      return 'Ab1@x'
        .repeat(Math.max(1, Math.ceil((s.minLength ?? 1) / 5)))
        .slice(0, Math.max(s.minLength ?? 1, Math.min(s.maxLength ?? 12, 12)));
    }
    case 'integer':
    case 'number':
      return Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 1, 1));
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items, fx, depth + 1));
    case 'object':
    default: {
      if (!s.properties) return type === 'object' ? {} : null;
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties)) o[k] = sample(v, fx, depth + 1, k);
      return o;
    }
  }
}
