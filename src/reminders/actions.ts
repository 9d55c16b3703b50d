// The actions the `rappels` flow names (flows/rappels.yaml). They read the answers the flow
// stored in the session (answer_* variables) and report outcomes the flow turns into steps.
import type { ActionContext, ActionHandler } from '../actions/registry.js';
import type { Json } from '../engine/state.js';
import type { Texts } from '../i18n/locales.js';
import { instantiateRule, type Ask, type Catalogue, type Procedure, type RuleAnswers } from './catalogue.js';
import { describeSchedule, formatWhen, type FormatEnv } from './format.js';
import { linkLineOf, todoOf } from './message.js';
import type { ReminderService } from './service.js';

export interface ReminderActionDeps {
  service: ReminderService;
  catalogue: Catalogue;
  texts: Texts;
  timeZone: string;
  /** At most this many reminders per person (REMINDERS_PER_PERSON): a kind message beyond. */
  maxPerPerson: number;
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

/** The person's own words are a reminder, not a letter: kept short in Redis and in messages. */
const MAX_WORDS = 200;

/** How many dates the confirmation shows at most (finite rules). */
const PREVIEW_COUNT = 4;

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
  'reminders.preview',
  'reminders.create',
  'reminders.list',
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
      for (const name of Object.values(ANSWER_VARS)) vars[name] = null;
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

    /** Computes the dates and the confirmation sentence; "too-late" / "no-dates" when none is left. */
    'reminders.preview': async (ctx) => {
      const procedure = procedureOf(ctx);
      if (!procedure) return { outcome: 'unknown' };
      const words = str(ctx.state.vars[ANSWER_VARS.text]);
      const todoVars = {
        todo: todoOf({ procedure: procedure.id, locale: ctx.locale, ...(words ? { words } : {}) }, deps.texts),
        link_line: linkLineOf({ procedure: procedure.id, locale: ctx.locale }, deps.texts, deps.catalogue),
      };
      const made = instantiateRule(procedure, answersOf(ctx), deps.timeZone);
      if (!made.ok) return { outcome: made.missing };
      const upcoming = deps.service.upcoming(made.rule, ctx.now, PREVIEW_COUNT);
      if (upcoming.length === 0) return { outcome: made.rule.kind === 'yearly-dates' ? 'no-dates' : 'too-late', vars: todoVars };
      return { vars: { ...todoVars, summary: describeSchedule(made.rule, upcoming, env(ctx)) } };
    },

    'reminders.create': async (ctx) => {
      const procedure = procedureOf(ctx);
      if (!procedure) return { outcome: 'unknown' };
      const made = instantiateRule(procedure, answersOf(ctx), deps.timeZone);
      if (!made.ok) return { outcome: made.missing };
      // Checked again here: two conversations (or processes) may have raced past the catalogue.
      if ((await deps.service.store.list(ctx.address)).length >= deps.maxPerPerson) return { outcome: 'full', vars: { max_reminders: deps.maxPerPerson } };
      const words = str(ctx.state.vars[ANSWER_VARS.text])?.slice(0, MAX_WORDS);
      const created = await deps.service.create({ address: ctx.address, locale: ctx.locale, procedure, ...(words ? { words } : {}), rule: made.rule, now: ctx.now });
      if (!created) return { outcome: 'too-late' };
      ctx.log.info({ procedure: procedure.id }, 'reminder created');
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

    'reminders.delete': async (ctx) => {
      const r = await mine(ctx);
      if (!r) return { outcome: 'missing' };
      await deps.service.remove(r);
      return {};
    },

    'reminders.delete-all': async (ctx) => {
      await deps.service.removeAll(ctx.address);
      return {};
    },

    /** "C'est fait": a one-off reminder ends; a recurring one says when it comes back. */
    'reminders.done': async (ctx) => {
      const r = await mine(ctx);
      if (!r) return { outcome: 'missing' };
      const next = r.next ?? r.snoozed[0];
      if (next === undefined) {
        await deps.service.remove(r);
        return { outcome: 'finished' };
      }
      return { vars: { next_when: formatWhen(new Date(next), env(ctx)) } };
    },

    'reminders.snooze': async (ctx) => {
      const r = await mine(ctx);
      if (!r) return { outcome: 'missing' };
      const at = await deps.service.snooze(r.id, ctx.now);
      if (!at) return { outcome: 'missing' };
      return { vars: { snooze_when: formatWhen(at, env(ctx)) } };
    },

    'reminders.stop': async (ctx) => {
      const r = await mine(ctx);
      if (!r) return { outcome: 'missing' };
      await deps.service.remove(r);
      return {};
    },
  };
}
