// Turns rights, places and e-services data into short plain-text messages for old phones:
// a few lines each, facts only from the data files, never an amount. Pure: texts come in as `t`.
import type { Locale, TextArgs } from '../i18n/locales.js';
import { PLACE_FIELDS, type Eservice, type National, type Place, type PlaceFieldValue, type Right } from './schema.js';

export type Translate = (key: string, args?: TextArgs) => string;

export interface RenderEnv {
  t: Translate;
  locale: Locale;
  /** Whether an optional text exists (e.g. droits.right.<id>.warning). */
  hasText(key: string): boolean;
}

const BULLET = '• ';

/** One right: name, one sentence, where to check, the documents to prepare when the data lists them. */
export function renderRight(env: RenderEnv, right: Right): string {
  const { t } = env;
  const lines = [t(`droits.right.${right.id}.name`), t(`droits.right.${right.id}.sentence`)];
  if (right.confidence === 'uncertain') lines.push(t('droits.result.uncertain'));
  if (right.site) lines.push(t('droits.result.site', { url: right.site }));
  else if (right.simulator) lines.push(t('droits.result.simulator', { url: right.simulator }));
  // Without a list in the data, one line at the end of the answer says where to ask (see actions.ts).
  if (right.documents.length > 0) lines.push(t('droits.result.documents'), ...right.documents.map((d) => BULLET + t(`droits.document.${d}`)));
  const warning = `droits.right.${right.id}.warning`;
  if (env.hasText(warning)) lines.push(t(warning));
  return lines.join('\n');
}

/** The official simulators, then the reminder that a simulation is not an application. */
export function renderSimulators(env: RenderEnv, simulators: ReadonlyArray<{ id: string; url: string }>): string | undefined {
  if (simulators.length === 0) return undefined;
  return [...simulators.map((s) => env.t(`droits.simulator.${s.id}`, { url: s.url })), env.t('droits.result.simulation_note')].join('\n');
}

const DATE_LOCALES: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB', ar: 'ar-u-nu-latn' };

/** A YYYY-MM-DD date as people read it ("7 novembre 2024"). */
export function formatDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(DATE_LOCALES[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

function fieldLine(env: RenderEnv, field: string, value: string): string {
  return env.t('droits.places.line', { label: env.t(`droits.places.field.${field}`), value });
}

export interface PlaceLookups {
  national(id: string): National | undefined;
  /** The official directory's address, when the data has one. */
  locatorUrl: string | undefined;
}

/**
 * One place: only the fields that have a source and a date. Without a verified address, the
 * national number and the official directory stand in for it.
 */
export function renderPlace(env: RenderEnv, place: Place, lookups: PlaceLookups): string {
  const { t } = env;
  const kind = t(`droits.places.kind.${place.kind}`);
  const lines = [place.name, place.area ? `${kind} – ${place.area}` : kind];
  const shown: NonNullable<PlaceFieldValue>[] = [];
  for (const field of PLACE_FIELDS) {
    const value = place[field];
    if (!value) continue;
    shown.push(value);
    lines.push(fieldLine(env, field, value.value));
  }
  if (!place.address) {
    lines.push(t('droits.places.no_address'));
    const phone = place.phone ? undefined : lookups.national(place.fallback ?? '')?.phone?.value;
    if (phone && lookups.locatorUrl) lines.push(t('droits.places.call_or_locator', { phone, url: lookups.locatorUrl }));
    else if (lookups.locatorUrl) lines.push(t('droits.places.locator', { url: lookups.locatorUrl }));
    else if (phone) lines.push(fieldLine(env, 'phone', phone));
  }
  if (shown.some((f) => f.confidence === 'uncertain')) lines.push(t('droits.confidence.uncertain'));
  const oldest = shown.map((f) => f.verified).sort()[0];
  if (oldest) lines.push(t('droits.places.verified', { date: formatDay(oldest, env.locale) }));
  return lines.join('\n');
}

/** The national numbers and the official directory, valid wherever the person lives. */
export function renderNational(env: RenderEnv, national: readonly National[]): string {
  const blocks = national.map((n) => {
    const lines = [env.t(`droits.places.national.${n.id}.name`)];
    if (n.phone) lines.push(fieldLine(env, 'phone', n.phone.value));
    if (n.website) lines.push(fieldLine(env, 'website', n.website.value));
    if (n.hours) lines.push(fieldLine(env, 'hours', n.hours.value));
    lines.push(env.t(`droits.places.national.${n.id}.what`));
    return lines.join('\n');
  });
  return [env.t('droits.places.national.header'), ...blocks].join('\n\n');
}

/** One e-administration service: what it is for and its address. */
export function renderEservice(env: RenderEnv, service: Eservice): string {
  const { t } = env;
  return [t(`droits.eservice.${service.id}.name`), t(`droits.eservice.${service.id}.what`), t('droits.eservices.open', { url: service.url }), t('droits.eservices.safety')].join('\n');
}
