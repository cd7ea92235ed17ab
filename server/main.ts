import { readConfig } from './config.ts';
import { DatabaseStartupError } from './db/database-errors.ts';
import { startServer } from './server.ts';
import { ensureWebBuilt } from './web/web-build.ts';

/** `npm start`: build the web app if needed, migrate, serve API and web on one origin. */
async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = readConfig();
  const log = (message: string) => console.log(`[gridatlas] ${message}`);
  if (!process.argv.includes('--no-build')) await ensureWebBuilt(log);
  const server = await startServer(config, log);
  log(`Ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s — open ${server.url}`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof DatabaseStartupError) {
    console.error(`[gridatlas] Cannot start: ${error.message}`);
  } else {
    console.error('[gridatlas] Cannot start:', error);
  }
  process.exit(1);
});
