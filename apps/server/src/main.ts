import { createApplication } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { StoreOpenError } from './store/store.js';
import { FinalFlushError } from './pipeline-runtime.js';

const USAGE = `usage: sipwatch [--no-demo]
  --no-demo   do not send demo traffic (same as SIPWATCH_DEMO=0)
Configuration: SIPWATCH_CONFIG names a YAML or JSON file; see the README for the environment variables.`;

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  const unknown = args.filter((a) => a !== '--no-demo' && a !== '--help');
  if (unknown.length > 0) {
    process.stderr.write(`sipwatch: unknown argument ${unknown[0]}\n${USAGE}\n`);
    process.exit(2);
  }
  if (args.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  let config;
  try {
    config = loadConfig();
    if (args.includes('--no-demo')) config = { ...config, demo: { ...config.demo, enabled: false } };
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`sipwatch: invalid configuration\n${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  let app;
  try {
    app = await createApplication(config, { logger });
  } catch (err) {
    if (err instanceof StoreOpenError) {
      // Exits without retrying: a supervisor restarting us would only hit the same file again.
      process.stderr.write(`sipwatch: cannot use the database\n${err.message}\n`);
      process.exit(3);
    }
    throw err;
  }
  const ports = await app.listen();
  logger.info({ ports }, `sipwatch listening: dashboard at http://localhost:${ports.http}/`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: flushing and closing');
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        if (err instanceof FinalFlushError) {
          logger.error(err.message);
          process.stderr.write(`sipwatch: ${err.message}\n`);
        } else {
          logger.error({ err }, 'error while stopping');
        }
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`sipwatch: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
