// Turns rights, places and e-services data into short plain-text messages for old phones:
// a few lines each, facts only from the data files, never an amount. Pure: texts come in as `t`.
import { describeInstant } from '../dates/describe.js';
import { wallTimeIn } from '../dates/wall-clock.js';
import type { Locale, TextArgs } from '../i18n/locales.js';
import { normalise } from '../i18n/words.js';
import type { CandidatePlace, PickedPlace } from '../places/pick.js';
import type { Eservice, National, Right } from './schema.js';

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

function fieldLine(env: RenderEnv, field: string, value: string): string {
  return env.t('droits.places.line', { label: env.t(`droits.places.field.${field}`), value });
}

/** Where the clock and the time zone come in, for "open until 17 h" and "old information". */
export interface PlaceRenderEnv extends RenderEnv {
  now: Date;
  timeZone: string;
}

const YEAR_MS = 365 * 86_400_000;

/** "+33320000000" or "0320000000" as people dial it: "03 20 00 00 00"; anything else as written. */
export function formatPhone(phone: string): string {
  const compact = phone.replace(/[\s.\-\u00a0]/g, '');
  const national = /^\+33(\d{9})$/.exec(compact)?.[1] ?? /^0(\d{9})$/.exec(compact)?.[1];
  return national ? `0${national}`.replace(/(\d{2})(?=\d)/g, '$1 ') : phone;
}

/** The street, then the postal code and the commune unless the address already ends with it. */
function fullAddress(place: CandidatePlace): string {
  if (normalise(place.address).endsWith(normalise(place.commune))) return place.address;
  return `${place.address}, ${[place.postalCode, place.commune].filter(Boolean).join(' ')}`;
}

/** "17 h", "9 h 30" (fr), "17:00" (en, ar). */
function timeOf(env: PlaceRenderEnv, instant: Date): string {
  const w = wallTimeIn(instant, env.timeZone);
  const minute = String(w.minute).padStart(2, '0');
  return w.minute === 0 ? env.t('droits.places.time.hour', { hour: w.hour, minute }) : env.t('droits.places.time.hour_minute', { hour: w.hour, minute });
}

/** "aujourd'hui", "demain", or the weekday (never more than six days ahead: see describe-hours.ts). */
function dayOf(env: PlaceRenderEnv, instant: Date): string {
  const day = describeInstant(instant, env.timeZone);
  if (day.date === describeInstant(env.now, env.timeZone).date) return env.t('core.days.today');
  if (day.date === describeInstant(new Date(env.now.getTime() + 86_400_000), env.timeZone).date) return env.t('core.days.tomorrow');
  return env.t(`core.days.${day.weekday}`);
}

function hoursLine(env: PlaceRenderEnv, picked: PickedPlace): string {
  const { hours, place } = picked;
  const { t } = env;
  switch (hours.state) {
    case 'open': {
      if (!hours.until) return t('droits.places.hours.open');
      const sameDay = describeInstant(hours.until, env.timeZone).date === describeInstant(env.now, env.timeZone).date;
      const time = timeOf(env, hours.until);
      return t('droits.places.hours.open_until', { time: sameDay ? time : t('core.days.at', { day: dayOf(env, hours.until), time }) });
    }
    case 'closed':
      return hours.next ? t('droits.places.hours.opens', { when: t('core.days.at', { day: dayOf(env, hours.next), time: timeOf(env, hours.next) }) }) : t('droits.places.hours.closed');
    case 'unknown':
      // A centre's own words for its hours are shown as written (in French).
      return place.hoursText ? fieldLine(env, 'hours', place.hoursText) : t('droits.places.hours.unknown');
  }
}

/**
 * One place to go: its name, address, whether it is open now (or when it opens), a phone number
 * (or its website when it has none), and a warning when its record is more than a year old.
 */
export function renderHelpPlace(env: PlaceRenderEnv, picked: PickedPlace): string {
  const { place } = picked;
  const lines = [env.t('droits.places.place_name', { name: place.name }), fieldLine(env, 'address', fullAddress(place)), hoursLine(env, picked)];
  if (place.phone) lines.push(fieldLine(env, 'phone', formatPhone(place.phone)));
  else if (place.website) lines.push(fieldLine(env, 'website', place.website));
  const updated = Date.parse(`${place.updatedAt}T00:00:00Z`);
  if (Number.isFinite(updated) && env.now.getTime() - updated > YEAR_MS) lines.push(env.t('droits.places.old', { year: place.updatedAt.slice(0, 4) }));
  return lines.join('\n');
}

/** The national numbers, one short line each, valid wherever the person lives. */
export function renderNationalNumbers(env: RenderEnv, national: readonly National[]): string | undefined {
  const lines = national.flatMap((n) => (n.phone ? [env.t('droits.places.line', { label: env.t(`droits.places.national.${n.id}.name`), value: n.phone.value })] : []));
  return lines.length > 0 ? [env.t('droits.places.national.header'), ...lines].join('\n') : undefined;
}

/** One e-administration service: what it is for and its address. */
export function renderEservice(env: RenderEnv, service: Eservice): string {
  const { t } = env;
  return [t(`droits.eservice.${service.id}.name`), t(`droits.eservice.${service.id}.what`), t('droits.eservices.open', { url: service.url }), t('droits.eservices.safety')].join('\n');
}
