// `npm run report -- [--month 2026-12] [--lang fr|en|ar] [--out report.html]`: writes the monthly
// report (what the bot did, counts only) as one self-contained HTML file, printable to PDF from any
// browser. Reads the usage counts from the Redis the service uses (REDIS_URL, REDIS_PREFIX; the
// same rules as `npm start`). Default month: the last finished one (BOT_TIMEZONE); default file:
// report-<month>.html; `--out -` prints the page.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { loadConfig } from '../config.js';
import { loadContent } from '../content.js';
import { formatDataError } from '../data/load-yaml.js';
import { FEATURE_ACTIONS } from '../features.js';
import { isLocale, LOCALES } from '../i18n/locales.js';
import { resolveRedis } from '../redis/resolve.js';
import { isMonth, lastFinishedMonth } from '../report/month.js';
import { reportFromRedis } from '../report/source.js';

const USAGE = 'usage: npm run report -- [--month YYYY-MM] [--lang fr|en|ar] [--out <file.html> | -]';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let args;
try {
  args = parseArgs({ options: { month: { type: 'string' }, lang: { type: 'string', default: 'fr' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const locale = args.lang;
if (!isLocale(locale)) fail(`--lang: one of ${LOCALES.join(', ')} (got "${locale}")\n${USAGE}`);

let config;
try {
  config = loadConfig();
} catch (err) {
  fail((err as Error).message);
}
const month = args.month ?? lastFinishedMonth(new Date(), config.BOT_TIMEZONE);
if (!isMonth(month)) fail(`--month: a month such as 2026-12 (got "${month}")\n${USAGE}`);

// The flows give the funnels their step order; the locales give the report its words.
const { content, errors } = loadContent({ flowsDir: config.FLOWS_DIR, localesDir: config.LOCALES_DIR, dataDir: join(config.FLOWS_DIR, 'data'), actions: FEATURE_ACTIONS });
if (errors.length > 0) {
  for (const e of errors) console.error(formatDataError(e));
  fail(`\n${errors.length} problem(s) found (npm run flows:check). No report was written.`);
}

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
