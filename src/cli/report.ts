// `npm run report -- [--month 2026-12] [--lang fr|en|ar] [--out report.html]`: writes the monthly
// report (what the bot did, counts only) as one self-contained HTML file, printable to PDF from any
// browser. Reads the usage counts from the Redis the service uses (REDIS_URL, REDIS_PREFIX; the
// same rules as `npm start`). Default month: the last finished one (BOT_TIMEZONE); default file:
// report-<month>.html; `--out -` prints the page.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { loadConfig } from '../config.js';
import { resolveRedis } from '../redis/resolve.js';
import { isMonth, lastFinishedMonth } from '../report/month.js';
import { reportFromRedis } from '../report/source.js';
import { contentOrFail, fail, readOptions } from './command.js';

const USAGE = 'usage: npm run report -- [--month YYYY-MM] [--lang fr|en|ar] [--out <file.html> | -]';
const options = readOptions(USAGE, ['month']);
const locale = options.lang;
const args = { month: options.own.month, out: options.out };

let config;
try {
  config = loadConfig();
} catch (err) {
  fail((err as Error).message);
}
const month = args.month ?? lastFinishedMonth(new Date(), config.BOT_TIMEZONE);
if (!isMonth(month)) fail(`--month: a month such as 2026-12 (got "${month}")\n${USAGE}`);

// The flows give the funnels their step order; the locales give the report its words.
const content = contentOrFail(config.FLOWS_DIR, config.LOCALES_DIR, 'No report was written.');

const found = await resolveRedis({ ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}), dataDir: config.DATA_DIR });
const redis = new Redis(found.url, { maxRetriesPerRequest: 2, lazyConnect: true });
try {
  await redis.connect();
  const html = await reportFromRedis({ redis, prefix: config.REDIS_PREFIX, flows: content.flows, texts: content.texts }, month, locale);
  if (args.out === '-') {
    process.stdout.write(html);
  } else {
    const out = resolve(args.out ?? `report-${month}.html`);
    writeFileSync(out, html);
    console.log(`report of ${month} (${locale}) written to ${out}`);
  }
} catch (err) {
  process.exitCode = 1;
  console.error(`no report: ${(err as Error).message}`);
} finally {
  redis.disconnect();
  await found.stop();
}
