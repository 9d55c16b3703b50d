// The actions of the droits, lieux and demarches flows. They read the data loaded at start-up
// (flows/data/*.yaml) and answer with messages; they never store anything about the person.
import { z } from 'zod';
import type { Outbound } from '../core/message.js';
import type { ActionContext, ActionHandler } from '../actions/registry.js';
import type { Json } from '../engine/state.js';
import { NEED_IDS, pickPlaces, type CandidatePlace } from '../places/pick.js';
import { KNOWN_TOWN_IDS, TownIndex, type Area } from '../places/town.js';
import { asksYoungest, Profile, QUESTIONS, suggestRights, suggestSimulators } from './eligibility.js';
import type { RightsData } from './load.js';
import { renderEservice, renderHelpPlace, renderNationalNumbers, renderRight, renderSimulators, type RenderEnv } from './render.js';

export const RIGHTS_ACTIONS = ['rights.suggest', 'places.list', 'eservices.show'] as const;

/** The answer id a flow stores when the person skips a question. */
export const SKIP = 'skip';
/** The droits flow stores each answer in droits_<question id>; rights.suggest clears them. */
export const ANSWER_VAR_PREFIX = 'droits_';

/**
 * The profile from the action's params (one per question, "{var}" in the flow). A skipped,
 * missing or out-of-date answer is left out, one field at a time, so it never blocks the rest.
 */
export function profileFromParams(params: Readonly<Record<string, Json>>): Profile {
  const raw: Record<string, string> = {};
  for (const [key, schema] of Object.entries(Profile.shape)) {
    const value = params[key];
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

  return {
    'rights.suggest': async (ctx) => {
      const profile = profileFromParams(ctx.params);
      const ids = new Set(suggestRights(profile, rights));
      const chosen = rights.filter((r) => ids.has(r.id));
      const sims = new Set(suggestSimulators(profile, simulators));
      const partial = skippedSome(profile) ? [ctx.t('droits.result.partial')] : [];
      const messages: Outbound[] = [];
      if (chosen.length > 0) {
        messages.push(text(ctx, [ctx.t('droits.result.header'), ...partial].join('\n')));
        for (const right of chosen) messages.push(text(ctx, renderRight(env(ctx), right)));
      } else {
        messages.push(text(ctx, [ctx.t('droits.result.none'), ...partial].join('\n')));
      }
      const simulatorText = renderSimulators(env(ctx), simulators.filter((s) => sims.has(s.id)));
      if (simulatorText) messages.push(text(ctx, simulatorText));
      const askForPapers = chosen.some((r) => r.documents.length === 0) ? [ctx.t('droits.result.documents_unknown')] : [];
      messages.push(text(ctx, [...askForPapers, ctx.t('droits.result.disclaimer')].join('\n')));
      // Only counts and ids: the answers themselves stay out of the logs.
      ctx.log.debug({ rights: chosen.length, answered: Object.keys(profile).length }, 'rights suggested');
      // The answers are not kept once used (a disability or an income band is nobody's business).
      return { messages, vars: Object.fromEntries(QUESTIONS.map((q) => [`${ANSWER_VAR_PREFIX}${q.id}`, null])) };
    },

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
        // At most four messages: the header with the first place, the other two, then one line for more.
        const placeEnv = { ...env(ctx), now: ctx.now, timeZone: options.timeZone };
        const header = ctx.t(need === 'admin' ? 'droits.places.header_admin' : 'droits.places.header', { town: name });
        picked.forEach((p, i) => messages.push(text(ctx, [...(i === 0 ? [header, ''] : []), renderHelpPlace(placeEnv, p)].join('\n'))));
        const more = [...(locatorUrl ? [ctx.t('droits.places.more', { url: locatorUrl })] : []), ...frenchValues];
        if (more.length > 0) messages.push(text(ctx, more.join('\n')));
      }
      // Only counts: where the person lives stays out of the logs.
      ctx.log.debug({ places: picked.length, need }, 'places listed');
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
