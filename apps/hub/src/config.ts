import fs from 'node:fs';
import type { SystemSpec } from './systems.repo';

export interface HubConfig {
  databaseUrl: string;
  host: string;
  port: number;
  dataDir: string;
  retentionDays: number;
  maxPackageBytes: number;
  sweepIntervalMs: number;
  systems: SystemSpec[];
}

function int(env: NodeJS.ProcessEnv, name: string, def: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} phải là số ≥ ${min} (nhận: ${raw})`);
  return n;
}

function parseSystems(raw: string, source: string): SystemSpec[] {
  const list: unknown = JSON.parse(raw);
  if (!Array.isArray(list)) throw new Error(`${source}: cần một mảng JSON các hệ thống`);
  return list.map((x: unknown, i) => {
    const s = x as Partial<SystemSpec>;
    const organsOk = Array.isArray(s.organs) && s.organs.every((o) => typeof o === 'string');
    if (typeof s.systemId !== 'string' || typeof s.secret !== 'string' || s.secret.length < 16 || !organsOk) {
      throw new Error(`${source}[${i}]: cần systemId, secret (≥ 16 ký tự) và organs (mảng mã định danh)`);
    }
    return { systemId: s.systemId, secret: s.secret, name: s.name, organs: s.organs!, isAdmin: s.isAdmin === true };
  });
}

/** Reads the hub's configuration from the environment (README "Configuration"). */
export function loadHubConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const databaseUrl = env.HUB_DATABASE_URL || env.DATABASE_URL;
  if (!databaseUrl) throw new Error('Cần HUB_DATABASE_URL (hoặc DATABASE_URL)');
  const systems: SystemSpec[] = [];
  if (env.HUB_SYSTEMS_FILE)
    systems.push(...parseSystems(fs.readFileSync(env.HUB_SYSTEMS_FILE, 'utf8'), 'HUB_SYSTEMS_FILE'));
  if (env.HUB_SYSTEMS) systems.push(...parseSystems(env.HUB_SYSTEMS, 'HUB_SYSTEMS'));
  return {
    databaseUrl,
    host: env.HUB_HOST || '0.0.0.0',
    port: int(env, 'HUB_PORT', 3100),
    dataDir: env.HUB_DATA_DIR || './data/hub',
    retentionDays: int(env, 'HUB_RETENTION_DAYS', 30),
    maxPackageBytes: int(env, 'HUB_MAX_PACKAGE_MB', 1024, 1) * 1024 * 1024,
    sweepIntervalMs: int(env, 'HUB_SWEEP_INTERVAL_MS', 3600_000),
    systems,
  };
}
