import { createHubApp } from './app';
import { loadHubConfig } from './config';
import { upsertSystem } from './systems.repo';

/** Standalone hub: `npx tsx apps/hub/src/main.ts` (README "Running alone"). */
async function main(): Promise<void> {
  const cfg = loadHubConfig();
  const app = await createHubApp({
    db: cfg.databaseUrl,
    dataDir: cfg.dataDir,
    retentionDays: cfg.retentionDays,
    maxPackageBytes: cfg.maxPackageBytes,
    sweepIntervalMs: cfg.sweepIntervalMs,
    logger: { level: process.env.HUB_LOG_LEVEL || 'info' },
  });
  for (const s of cfg.systems) await upsertSystem(app.hub.pool, s);
  if (cfg.systems.length > 0) app.log.info({ systems: cfg.systems.map((s) => s.systemId) }, 'systems provisioned');

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'hub shutting down');
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  await app.listen({ host: cfg.host, port: cfg.port });
}

main().catch((err: unknown) => {
  console.error(JSON.stringify({ level: 60, msg: 'hub failed to start', err: String((err as Error)?.stack ?? err) }));
  process.exit(1);
});
