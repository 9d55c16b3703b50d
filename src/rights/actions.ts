// The actions of the droits, lieux and demarches flows. They read the data loaded at start-up
// (flows/data/*.yaml) and answer with messages; they never store anything about the person.
import { z } from 'zod';
import type { Outbound } from '../core/message.js';
import type { ActionContext, ActionHandler } from '../actions/registry.js';
import type { Json } from '../engine/state.js';
import { asksYoungest, Profile, QUESTIONS, suggestRights, suggestSimulators } from './eligibility.js';
import type { RightsData } from './load.js';
import { renderEservice, renderNational, renderPlace, renderRight, renderSimulators, type RenderEnv } from './render.js';
import { TOWNS } from './schema.js';

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

const townParams = z.object({ town: z.enum(TOWNS) });
const eserviceParams = z.object({ id: z.string() });

export function rightsActions(data: RightsData, hasText: (key: string) => boolean): Record<(typeof RIGHTS_ACTIONS)[number], ActionHandler> {
  const { rights, simulators } = data.rights.value;
  const { places, national } = data.places.value;
  const { eservices } = data.eservices.value;
  const nationalById = new Map(national.map((n) => [n.id as string, n]));
  const locatorUrl = nationalById.get('annuaire')?.website?.value;
  const env = (ctx: ActionContext): RenderEnv => ({ t: ctx.t, locale: ctx.locale, hasText });
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
      const parsed = townParams.safeParse(ctx.params);
      if (!parsed.success) return { outcome: 'unknown-town' };
      const town = parsed.data.town;
      const here = places.filter((p) => p.town === town);
      const header = town === 'other' ? ctx.t('droits.places.header_other') : ctx.t('droits.places.header', { town: ctx.t(`droits.places.town.${town}`) });
      const messages: Outbound[] = [text(ctx, header)];
      if (here.length === 0) messages.push(text(ctx, ctx.t('droits.places.none')));
      const lookups = { national: (id: string) => nationalById.get(id), locatorUrl };
      for (const place of here) messages.push(text(ctx, renderPlace(env(ctx), place, lookups)));
      if (town === 'other' || here.length === 0) messages.push(text(ctx, renderNational(env(ctx), national)));
      const notes = [ctx.t('droits.places.appointment')];
      if (ctx.locale !== 'fr') notes.push(ctx.t('droits.places.values_language'));
      messages.push(text(ctx, notes.join('\n')));
      return { messages };
    },

    'eservices.show': async (ctx) => {
      const parsed = eserviceParams.safeParse(ctx.params);
      const service = parsed.success ? eservices.find((e) => e.id === parsed.data.id) : undefined;
      if (!service) return { outcome: 'unknown' };
      return { messages: [text(ctx, renderEservice(env(ctx), service))] };
    },
  };
}
