// The actions the `rappels` flow names (flows/rappels.yaml). They read the answers the flow
// stored in the session (answer_* variables) and report outcomes the flow turns into steps.
import type { ActionContext, ActionHandler, ActionResult } from '../actions/registry.js';
import type { Json } from '../engine/state.js';
import type { Texts } from '../i18n/locales.js';
import { parseDatePhrase } from '../dates/parse.js';
import { wallTimeIn } from '../dates/wall-clock.js';
import { instantiateRule, type Ask, type Catalogue, type Procedure, type RuleAnswers } from './catalogue.js';
import { formatWhen, reminderName, type FormatEnv } from './format.js';
import { linkLineOf, todoOf } from './message.js';
import { extraOccurrences, previewOf } from './preview.js';
import type { ReminderService } from './service.js';
import type { UsageSink } from '../usage/counter.js';

export interface ReminderActionDeps {
  service: ReminderService;
  catalogue: Catalogue;
  texts: Texts;
  timeZone: string;
  /** At most this many reminders per person (REMINDERS_PER_PERSON): a kind message beyond. */
  maxPerPerson: number;
  /** Anonymous usage counts, by procedure: set, "c'est fait", stopped. */
  usage?: UsageSink;
}

/** The session variable holding the answer to each `asks` entry. */
export const ANSWER_VARS: Record<Exclude<Ask, 'none'>, string> = {
  month: 'answer_month',
  date: 'answer_date',
  datetime: 'answer_datetime',
  'expiry-date': 'answer_expiry',
  'end-of-rights-date': 'answer_end_rights',
  text: 'answer_words',
};

/** The expiry date as typed: read by reminders.read-expiry, which accepts a past date (see there). */
const EXPIRY_TEXT_VAR = 'answer_expiry_text';

/** The person's own words are a reminder, not a letter: kept short in Redis and in messages. */
const MAX_WORDS = 200;

function str(v: Json | undefined): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function dateVar(v: Json | undefined): Date | undefined {
  const s = str(v);
  const d = s ? new Date(s) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

export const REMINDER_ACTIONS = [
  'reminders.catalogue',
  'reminders.next-question',
  'reminders.read-expiry',
  'reminders.preview',
  'reminders.create',
  'reminders.list',
  'reminders.describe',
  'reminders.delete',
  'reminders.delete-all',
  'reminders.done',
  'reminders.snooze',
  'reminders.stop',
] as const;

export function reminderActions(deps: ReminderActionDeps): Record<(typeof REMINDER_ACTIONS)[number], ActionHandler> {
  const env = (ctx: ActionContext): FormatEnv => ({ locale: ctx.locale, timeZone: deps.timeZone, now: ctx.now, t: ctx.t });
  const procedureOf = (ctx: ActionContext): Procedure | undefined => deps.catalogue.procedures.find((p) => p.id === ctx.state.vars.procedure);
  const answersOf = (ctx: ActionContext): RuleAnswers => {
    const v = ctx.state.vars;
    const month = Number(v[ANSWER_VARS.month]);
    const answers: RuleAnswers = {};
    if (Number.isInteger(month) && month >= 1 && month <= 12) answers.month = month;
    const date = dateVar(v[ANSWER_VARS.date]);
    const datetime = dateVar(v[ANSWER_VARS.datetime]);
    const expiry = dateVar(v[ANSWER_VARS['expiry-date']]);
    const endOfRights = dateVar(v[ANSWER_VARS['end-of-rights-date']]);
    if (date) answers.date = date;
    if (datetime) answers.datetime = datetime;
    if (expiry) answers.expiryDate = expiry;
    if (endOfRights) answers.endOfRightsDate = endOfRights;
    return answers;
  };
  const idParam = (ctx: ActionContext): string => str(ctx.params.id) ?? '';
  const mine = async (ctx: ActionContext) => {
    const r = await deps.service.store.get(idParam(ctx));
    return r && r.channel === ctx.address.channel && r.userId === ctx.address.userId ? r : null;
  };

  return {
    /** Offers the catalogue and forgets earlier answers; outcome "full" at the cap, before any question. */
    'reminders.catalogue': async (ctx) => {
      if ((await deps.service.store.list(ctx.address)).length >= deps.maxPerPerson) return { outcome: 'full', vars: { max_reminders: deps.maxPerPerson } };
      const vars: Record<string, Json> = {
        procedure_options: deps.catalogue.procedures.map((p) => ({ id: p.id, label: `rappels.procedures.${p.id}.label` })),
      };
      for (const name of [...Object.values(ANSWER_VARS), EXPIRY_TEXT_VAR]) vars[name] = null;
      return { vars };
    },

    /** Outcome = the next thing the chosen procedure needs to know, or "ok" when nothing is missing. */
    'reminders.next-question': async (ctx) => {
      const procedure = procedureOf(ctx);
      if (!procedure) return { outcome: 'unknown' };
      for (const ask of procedure.asks) {
        if (ask === 'none') continue;
        const value = ctx.state.vars[ANSWER_VARS[ask]];
        if (value === undefined || value === null || value === '') return { outcome: ask };
      }
      return { outcome: 'ok' };
    },

    /**
     * The expiry date of a titre de séjour, read here rather than by the step's validator, which
     * refuses a past date: an expired titre gets what to do now (outcome "expired"), not "give a date
     * to come". Outcomes "unparsed" and "impossible" ask again with the validator's hints.
     */
    'reminders.read-expiry': async (ctx): Promise<ActionResult> => {
      const text = str(ctx.state.vars[EXPIRY_TEXT_VAR]) ?? '';
      const parsed = parseDatePhrase(text, { now: ctx.now, timeZone: deps.timeZone, locale: ctx.locale });
      if (parsed.ok) return { vars: { [ANSWER_VARS['expiry-date']]: parsed.date.toISOString() } };
      const procedure = procedureOf(ctx);
      const linkLine = procedure ? linkLineOf({ procedure: procedure.id, locale: ctx.locale }, deps.texts, deps.catalogue) : '';
      return { outcome: parsed.reason === 'past' ? 'expired' : parsed.reason, vars: { link_line: linkLine } };
    },

    /**
     * The dates, the confirmation sentence and how long the reminder is kept; "exists" when the
     * person already has it, "too-late" / "no-dates" when no date is left.
     */
    'reminders.preview': async (ctx): Promise<ActionResult> => {
      const procedure = procedureOf(ctx);
      if (!procedure) return { outcome: 'unknown' };
      const words = str(ctx.state.vars[ANSWER_VARS.text]);
      const todoVars = {
        todo: todoOf({ procedure: procedure.id, locale: ctx.locale, ...(words ? { words } : {}) }, deps.texts),
        link_line: linkLineOf({ procedure: procedure.id, locale: ctx.locale }, deps.texts, deps.catalogue),
      };
      const made = instantiateRule(procedure, answersOf(ctx), deps.timeZone);
      if (!made.ok) return { outcome: made.missing };
      const same = await deps.service.findSame({ address: ctx.address, procedure, ...(words ? { words } : {}), rule: made.rule, now: ctx.now });
      if (same) return { outcome: 'exists', vars: { reminder_name: reminderName(same, env(ctx)) } };
      const preview = previewOf(made.rule, deps.service, env(ctx));
      if (!preview) return { outcome: made.rule.kind === 'yearly-dates' ? 'no-dates' : 'too-late', vars: todoVars };
      return { vars: { ...todoVars, summary: preview.summary, keeps_forever: preview.keepsForever, keep_until: preview.keepUntil } };
    },

    'reminders.create': async (ctx): Promise<ActionResult> => {
      const procedure = procedureOf(ctx);
      if (!procedure) return { outcome: 'unknown' };
      const made = instantiateRule(procedure, answersOf(ctx), deps.timeZone);
      if (!made.ok) return { outcome: made.missing };
      // Checked again here: two conversations (or processes) may have raced past the catalogue.
      if ((await deps.service.store.list(ctx.address)).length >= deps.maxPerPerson) return { outcome: 'full', vars: { max_reminders: deps.maxPerPerson } };
      const words = str(ctx.state.vars[ANSWER_VARS.text])?.slice(0, MAX_WORDS);
      const extra = extraOccurrences(made.rule, ctx.now, deps.timeZone);
      const added = await deps.service.add({ address: ctx.address, locale: ctx.locale, procedure, ...(words ? { words } : {}), rule: made.rule, now: ctx.now, extra });
      if (added.status === 'too-late') return { outcome: 'too-late' };
      if (added.status === 'exists') return { outcome: 'exists', vars: { reminder_name: reminderName(added.reminder, env(ctx)) } };
      ctx.log.info({ procedure: procedure.id }, 'reminder created');
      deps.usage?.count({ kind: 'reminder.set', label: procedure.id }, ctx.now);
      return {};
    },

    /** The numbered list, plus "delete all" and "menu"; outcome "empty" when there is none. */
    'reminders.list': async (ctx) => {
      const all = await deps.service.store.list(ctx.address);
      if (all.length === 0) return { outcome: 'empty' };
      const options: Json[] = all.map((r) => {
        const first = r.next ?? r.snoozed[0];
        const what = r.words ?? ctx.t(`rappels.procedures.${r.procedure}.label`);
        return { id: r.id, label: 'rappels.list.item', args: { what, when: first ? formatWhen(new Date(first), env(ctx)) : '' } };
      });
      options.push({ id: 'all', label: 'rappels.list.delete_all' }, { id: 'menu', label: 'rappels.list.back' });
      return { vars: { reminder_options: options } };
    },

    /** The reminder's name for the delete question: "Déclaration CAF, 15 décembre". */
    'reminders.describe': async (ctx) => {
      const r = await mine(ctx);
      if (!r) return { outcome: 'missing' };
      return { vars: { reminder_name: reminderName(r, env(ctx)) } };
    },

    'reminders.delete': async (ctx) => {
      const r = await mine(ctx);
      if (!r) return { outcome: 'missing' };
      await deps.service.remove(r);
      deps.usage?.count({ kind: 'reminder.stopped', label: r.procedure }, ctx.now);
      return {};
    },

    'reminders.delete-all': async (ctx) => {
      const all = deps.usage ? await deps.service.store.list(ctx.address) : [];
      await deps.service.removeAll(ctx.address);
      for (const r of all) deps.usage?.count({ kind: 'reminder.stopped', label: r.procedure }, ctx.now);
      return {};
    },

    /** "C'est fait": a one-off reminder ends; a recurring one says when it comes back. */
    'reminders.done': async (ctx) => {
      const r = (await mine(ctx)) && (await deps.service.done(idParam(ctx), ctx.now));
      if (!r) return { outcome: 'missing' };
      deps.usage?.count({ kind: 'reminder.done', label: r.procedure }, ctx.now);
      const next = r.next ?? r.snoozed[0];
      if (next === undefined) {
        await deps.service.remove(r);
        return { outcome: 'finished' };
      }
      return { vars: { next_when: formatWhen(new Date(next), env(ctx)) } };
    },

    'reminders.snooze': async (ctx): Promise<ActionResult> => {
      const r = await mine(ctx);
      if (!r) return { outcome: 'missing' };
      const at = await deps.service.snooze(r.id, ctx.now);
      if (!at) return { outcome: 'missing' };
      // Same time tomorrow unless quiet hours moved it (outcome "quiet": the message says so).
      const [asked, sent] = [wallTimeIn(ctx.now, deps.timeZone), wallTimeIn(at, deps.timeZone)];
      const moved = asked.hour !== sent.hour || asked.minute !== sent.minute;
      return { ...(moved ? { outcome: 'quiet' } : {}), vars: { snooze_when: formatWhen(at, env(ctx)) } };
    },

    'reminders.stop': async (ctx) => {
      const r = await mine(ctx);
      if (!r) return { outcome: 'missing' };
      await deps.service.remove(r);
      deps.usage?.count({ kind: 'reminder.stopped', label: r.procedure }, ctx.now);
      return {};
    },
  };
}
