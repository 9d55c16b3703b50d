// `npm run texts:measure`: walks every flow as a person typing only digits (test/support/flow-walker.ts,
// the same walk as test/flows-digits-walker.test.ts) and prints, per flow and language, the longest message
// (words, lines) and the most messages sent in answer to one action, then every answer over the
// budget (src/i18n/budget.ts) with the digits that produced it. A development tool: it needs the
// repository's test helpers and a Redis (REDIS_URL, default redis://127.0.0.1:6379), where it uses
// its own key prefix and removes it afterwards.
//
// Usage: texts:measure [--locales fr,en,ar] [--date "15 12"] [--seed 13] [--all]
//   --date: how dates are typed (default "15 12" when the date parser takes it, else "15/12")
//   --all: the text of every violation (default: the first ten)
// Or: texts:measure --replay "deep link droits" [--locales ar] [--no-staff] 1 1 6
//   shows one path as a person reads it (start: "first contact", "deep link <flow>",
//   "opened by the bot: <flow>"), with each message's words and lines.
import { parseArgs } from 'node:util';
import { ContentError, loadContent } from '../content.js';
import { FEATURE_ACTIONS } from '../features.js';
import { LOCALES, isLocale } from '../i18n/locales.js';
import { WALK_CLOCK, replayPath, typedDate, walkFlows } from '../../test/support/flow-walker.js';
import { figuresTable, formatReachability, formatViolation, reachability, summary, violations } from '../../test/support/walk-report.js';

const { values, positionals } = parseArgs({
  options: {
    locales: { type: 'string', default: LOCALES.join(',') },
    date: { type: 'string' },
    seed: { type: 'string', default: '13' },
    all: { type: 'boolean', default: false },
    replay: { type: 'string' },
    'no-staff': { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const dateAnswer = values.date ?? typedDate(WALK_CLOCK);
const locales = (values.locales ?? '').split(',').filter(isLocale);
const { content, errors } = loadContent({ flowsDir: process.env.FLOWS_DIR ?? 'flows', localesDir: process.env.LOCALES_DIR ?? 'locales', actions: FEATURE_ACTIONS });
// Texts over the budget are what this tool measures: only other problems stop it.
const blocking = errors.filter((e) => !/ \(max \d+\)$/.test(e.message));
if (blocking.length > 0) throw new ContentError(blocking);

if (values.replay) {
  const start = { name: values.replay, locale: locales[0] ?? 'fr', staff: !values['no-staff'] };
  for (const step of await replayPath({ content, redisUrl, now: WALK_CLOCK, dateAnswer }, start, positionals)) {
    console.log(`> ${step.typed}   (${step.messages.length} message(s))`);
    for (const m of step.messages) console.log(`${m.text.replace(/^/gm, '  | ')}\n  (${m.words} words, ${m.lines} lines)`);
  }
  process.exit(0);
}

const result = await walkFlows({
  content,
  redisUrl,
  now: WALK_CLOCK,
  dateAnswer,
  locales,
  seed: Number(values.seed),
});
const found = violations(result);
console.log(`# Reading budget, walked with digits only (${summary(result)})\n`);
console.log(`Clock fixed at ${WALK_CLOCK.toISOString()}; dates typed as "${dateAnswer}".\n`);
console.log(figuresTable(result));
console.log(`\n${formatReachability(reachability(result, content))}`);
console.log(`\n## ${found.length} answer(s) over the budget\n`);
for (const v of found) console.log(formatViolation(v, values.all || found.indexOf(v) < 10));
process.exit(0);
