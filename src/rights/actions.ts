// The actions of the droits, lieux and demarches flows. They read the data loaded at start-up
// (flows/data/*.yaml) and answer with messages. About the person they keep only, between two
// answers of the rights result, the ids of the rights found (src/rights/result.ts).
import { z } from 'zod';
import type { Outbound } from '../core/message.js';
import type { ActionContext, ActionHandler } from '../actions/registry.js';
import type { Json } from '../engine/state.js';
import { NEED_IDS, pickPlaces, type CandidatePlace } from '../places/pick.js';
import { KNOWN_TOWN_IDS, TownIndex, type Area } from '../places/town.js';
import { asksYoungest, childBand, Profile, QUESTIONS, suggestRights, suggestSimulators } from './eligibility.js';
import type { RightsData } from './load.js';
import { packWithTail } from './pack.js';
import { placeLine, renderEservice, renderNationalNumbers, simulatorLines, type RenderEnv } from './render.js';
import type { UsageSink } from '../usage/counter.js';
import { ids, listPage, nextOptions, offersPapers, papersAnswer, RESULT_VARS, rightsIn } from './result.js';

export const RIGHTS_ACTIONS = ['rights.suggest', 'rights.more', 'rights.papers', 'rights.forget', 'places.list', 'eservices.show'] as const;

/** The answer id a flow stores when the person skips a question. */
export const SKIP = 'skip';
/** The droits flow stores each answer in droits_<question id>; rights.suggest clears them. */
export const ANSWER_VAR_PREFIX = 'droits_';
/** Messages for a list of places: the next question makes four. */
const PLACES_MESSAGES = 3;

/**
 * The profile from the action's params (one per question, "{var}" in the flow). A skipped,
 * missing or out-of-date answer is left out, one field at a time, so it never blocks the rest.
 */
export function profileFromParams(params: Readonly<Record<string, Json>>): Profile {
  const raw: Record<string, string> = {};
  for (const [key, schema] of Object.entries(Profile.shape)) {
    const given = params[key];
    // "3 enfants" and "4 ou plus" are one band for the rules.
    const value = key === 'children' && typeof given === 'string' ? childBand(given) : given;
    if (typeof value === 'string' && value !== SKIP && schema.safeParse(value).success) raw[key] = value;
  }
  const profile = Profile.parse(raw);
  // An answer about the youngest child only counts when the person said they have children.
  if (!asksYoungest(profile)) delete profile.youngest;
  return profile;
}

/** True when a question the person was asked has no usable answer. */
function skippedSome(profile: Profile): boolean {
  return QUESTIONS.some((q) => (q.id === 'youngest' && !asksYoungest(profile) ? false : profile[q.id] === undefined)) || profile.income === 'dont_know';
}

const placesParams = z.object({
  /** What the person picked (lille, roubaix, tourcoing) or typed (a postal code, a town). */
  town: z.string().nullish(),
  /** admin: after the rights result; any: from "Lieux près de chez vous". */
  need: z.enum(NEED_IDS).default('any'),
  /** The variable that held the answer: emptied once used (where someone lives is kept no longer). */
  forget: z.string().regex(/^[a-z][a-z0-9_]*$/).optional(),
});
const eserviceParams = z.object({ id: z.string() });

export interface RightsActionsOptions {
  /** The places to go (hand-written ones with an address, and imported ones), loaded at start. */
  places: readonly CandidatePlace[];
  /** BOT_TIMEZONE: opening hours are read in it. */
  timeZone: string;
  /** The town buttons' labels in every language ("روبيه (Roubaix)"), so that typing one works too. */
  townNames?: ReadonlyMap<(typeof KNOWN_TOWN_IDS)[number], readonly string[]>;
  /** Anonymous usage counts: the rights listed (by id), the places shown (by town, "other" elsewhere). */
  usage?: UsageSink;
}

export function rightsActions(data: RightsData, hasText: (key: string) => boolean, options: RightsActionsOptions): Record<(typeof RIGHTS_ACTIONS)[number], ActionHandler> {
  const { rights, simulators } = data.rights.value;
  const { national } = data.places.value;
  const { eservices } = data.eservices.value;
  const locatorUrl = national.find((n) => n.id === 'annuaire')?.website?.value;
  const towns = new TownIndex(options.places, options.townNames);
  const env = (ctx: ActionContext): RenderEnv => ({ t: ctx.t, locale: ctx.locale, hasText });
  const areaName = (ctx: ActionContext, area: Area): string => (area.town ? ctx.t(`droits.places.town.${area.town}`) : area.label);
  const text = (ctx: ActionContext, body: string): Outbound => ({ text: body, locale: ctx.locale });
  const countShown = (ctx: ActionContext, listed: readonly { id: string }[], left: readonly { id: string }[]): void => {
    for (const r of listed.slice(0, listed.length - left.length)) options.usage?.count({ kind: 'rights.shown', label: r.id }, ctx.now);
  };

  return {
    'rights.suggest': async (ctx) => {
      const profile = profileFromParams(ctx.params);
      const found = new Set(suggestRights(profile, rights));
      const chosen = rights.filter((r) => found.has(r.id));
      const sims = new Set(suggestSimulators(profile, simulators));
      const suggested = simulators.filter((s) => sims.has(s.id));
      const partial = skippedSome(profile) ? [ctx.t('droits.result.partial')] : [];
      // Only the list now: the papers, the places and a reminder come when asked for.
      const page =
        chosen.length > 0
          ? listPage(env(ctx), chosen, [ctx.t('droits.result.header'), ...partial])
          : { messages: [[ctx.t('droits.result.none'), ...partial, ...simulatorLines(env(ctx), suggested)].join('\n')], left: [] };
      // Only counts and ids: the answers themselves stay out of the logs.
      ctx.log.debug({ rights: chosen.length, answered: Object.keys(profile).length }, 'rights suggested');
      countShown(ctx, chosen, page.left);
      // The answers are not kept once used (a disability or an income band is nobody's business);
      // only the ids of the rights found, for "les papiers" and "voir la suite", until the person leaves.
      const answers = Object.fromEntries(QUESTIONS.map((q) => [`${ANSWER_VAR_PREFIX}${q.id}`, null]));
      return {
        messages: page.messages.map((m) => text(ctx, m)),
        vars: {
          ...answers,
          [RESULT_VARS.found]: ids(chosen),
          [RESULT_VARS.left]: ids(page.left),
          [RESULT_VARS.simulators]: ids(suggested),
          [RESULT_VARS.options]: nextOptions(chosen.length > 0, page.left.length),
        },
      };
    },

    // "Voir la suite": the rights not listed yet, as many as fit.
    'rights.more': async (ctx) => {
      const left = rightsIn(rights, ctx.state.vars[RESULT_VARS.left]);
      const page = listPage(env(ctx), left, [ctx.t('droits.result.more_header')]);
      countShown(ctx, left, page.left);
      const papers = offersPapers(ctx.state.vars[RESULT_VARS.options]);
      return {
        messages: page.messages.map((m) => text(ctx, m)),
        vars: { [RESULT_VARS.left]: ids(page.left), [RESULT_VARS.options]: nextOptions(papers, page.left.length) },
      };
    },

    // "Les papiers à préparer": per right, short, with the official sites and simulators.
    'rights.papers': async (ctx) => {
      const found = rightsIn(rights, ctx.state.vars[RESULT_VARS.found]);
      const suggested = rightsIn(simulators, ctx.state.vars[RESULT_VARS.simulators]);
      const left = rightsIn(rights, ctx.state.vars[RESULT_VARS.left]).length;
      return { messages: papersAnswer(env(ctx), found, suggested).map((m) => text(ctx, m)), vars: { [RESULT_VARS.options]: nextOptions(false, left) } };
    },

    // Leaving the result: even the ids of the rights found are not kept.
    'rights.forget': async () => ({ vars: Object.fromEntries(Object.values(RESULT_VARS).map((v) => [v, null])) }),

    'places.list': async (ctx) => {
      const parsed = placesParams.safeParse(ctx.params);
      if (!parsed.success) return { outcome: 'unknown-town' };
      const { town, need, forget } = parsed.data;
      const vars = forget ? { [forget]: null } : undefined;
      const area = town ? towns.resolve(town) : undefined;
      // The flow asks again, naming what to type (droits.places.unknown_town).
      if (!area) return { outcome: 'unknown-town', ...(vars ? { vars } : {}) };
      const picked = pickPlaces(options.places, area, need, ctx.now, options.timeZone);
      const name = areaName(ctx, area);
      const locator = locatorUrl ? ctx.t('droits.places.locator', { url: locatorUrl }) : undefined;
      const frenchValues = ctx.locale === 'fr' ? [] : [ctx.t('droits.places.values_language')];
      const messages: Outbound[] = [];
      if (picked.length === 0) {
        // No place to go known there: the official directory and the national numbers.
        messages.push(text(ctx, [ctx.t('droits.places.none', { town: name }), ...(locator ? [locator] : [])].join('\n')));
        const numbers = renderNationalNumbers(env(ctx), national);
        if (numbers) messages.push(text(ctx, numbers));
      } else {
        // One line a place, then the directory: with the next question, at most four messages.
        const placeEnv = { ...env(ctx), now: ctx.now, timeZone: options.timeZone };
        const header = ctx.t(need === 'admin' ? 'droits.places.header_admin' : 'droits.places.header', { town: name });
        const more = [...(locatorUrl ? [ctx.t('droits.places.more', { url: locatorUrl })] : []), ...frenchValues];
        const packed = packWithTail(picked.map((p) => placeLine(placeEnv, p)), PLACES_MESSAGES, [header], more);
        for (const message of packed.messages) messages.push(text(ctx, message));
      }
      // Only counts: where the person lives stays out of the logs.
      ctx.log.debug({ places: picked.length, need }, 'places listed');
      // The town, never what was typed (a postal code, a street): the other communes are one label.
      options.usage?.count({ kind: 'places.shown', label: area.town ?? 'other' }, ctx.now);
      return { messages, ...(vars ? { vars } : {}) };
    },

    'eservices.show': async (ctx) => {
      const parsed = eserviceParams.safeParse(ctx.params);
      const service = parsed.success ? eservices.find((e) => e.id === parsed.data.id) : undefined;
      if (!service) return { outcome: 'unknown' };
      return { messages: [text(ctx, renderEservice(env(ctx), service))] };
    },
  };
}
