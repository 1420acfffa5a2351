import { loadConfig, ConfigError } from './config';
import { startSystem } from './system';
import { demoLoginTable } from './seed/demo';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const started = Date.now();
  const sys = await startSystem(config);
  const url = `http://localhost:${config.port}`;
  const banner = [
    '',
    '──────────────────────────────────────────────────────────────',
    ` vanthu đã sẵn sàng: ${url}   (khởi động ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    ` Cơ sở dữ liệu: ${config.databaseUrl ? 'DATABASE_URL' : 'PostgreSQL nhúng, dữ liệu tại ' + config.dataDir}`,
    ` Tài liệu API: ${url}/api/docs`,
    config.demo ? demoLoginTable() : ' (chế độ vận hành: không có tài khoản mẫu)',
    '──────────────────────────────────────────────────────────────',
    '',
  ].join('\n');
  process.stdout.write(banner);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    sys.deps.log.info({ signal }, 'shutting down');
    await sys.close().catch((err) => sys.deps.log.error({ err }, 'shutdown error'));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  // the real cause, never "undefined": message and code (e.g. pg.start_failed, EADDRINUSE), the stack at debug level
  const e = err as { message?: string; code?: string; stack?: string } | undefined;
  console.error(`vanthu không khởi động được: ${e?.message ?? String(err)}${e?.code ? ` [${e.code}]` : ''}`);
  if (process.env.LOG_LEVEL === 'debug' && e?.stack) console.error(e.stack);
  process.exit(1);
});
