// Turns rights, places and e-services data into short plain-text lines for old phones (one line
// per right, per paper group, per place; src/rights/pack.ts puts them into messages): facts only
// from the data files, never an amount. Pure: texts come in as `t`.
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

/** "RSA, Prime d'activité et Aide au logement" in the person's language. */
function listOf(env: RenderEnv, items: readonly string[]): string {
  return new Intl.ListFormat(env.locale, { type: 'conjunction' }).format(items);
}

/** "Elle dure 12 mois" after "C2S :" reads "elle dure 12 mois"; "CAF" and Arabic stay as they are. */
function lowerFirst(text: string, locale: string): string {
  return /^\p{Lu}\p{Ll}/u.test(text) ? `${text.charAt(0).toLocaleLowerCase(locale)}${text.slice(1)}` : text;
}

/** One line of the rights list: the name and the key note (never an amount), "to check" when uncertain. */
export function rightLine(env: RenderEnv, right: Right): string {
  const { t } = env;
  const note = lowerFirst(t(`droits.right.${right.id}.note`), env.locale);
  const line = t('droits.result.line', { name: t(`droits.right.${right.id}.name`), note });
  return right.confidence === 'uncertain' ? `${line} ${t('droits.result.uncertain')}` : line;
}

/**
 * The papers to prepare, one line per right that the data lists papers for (with its official
 * site), then one line per site for the others ("ask for the list"), where they share a site.
 */
export function paperLines(env: RenderEnv, rights: readonly Right[]): string[] {
  const { t } = env;
  const name = (r: Right) => t(`droits.right.${r.id}.name`);
  const lines: string[] = [];
  const askFor = new Map<string, Right[]>();
  for (const right of rights) {
    const url = right.site ?? right.simulator ?? '';
    if (right.documents.length === 0) {
      askFor.set(url, [...(askFor.get(url) ?? []), right]);
      continue;
    }
    const documents = listOf(env, right.documents.map((d) => t(`droits.document.${d}`)));
    lines.push([t('droits.papers.line', { name: name(right), documents }), ...(url ? [t('droits.papers.site', { url })] : [])].join(' '));
    const warning = `droits.right.${right.id}.warning`;
    if (env.hasText(warning)) lines.push(t(warning));
  }
  for (const [url, group] of askFor) {
    const names = listOf(env, group.map(name));
    lines.push(url ? t('droits.papers.ask', { names, url }) : t('droits.papers.ask_here', { names }));
  }
  return lines;
}

/** The official simulators, then the reminder that a simulation is not an application. */
export function simulatorLines(env: RenderEnv, simulators: ReadonlyArray<{ id: string; url: string }>): string[] {
  if (simulators.length === 0) return [];
  return [...simulators.map((s) => env.t(`droits.simulator.${s.id}`, { url: s.url })), env.t('droits.result.simulation_note')];
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

/** A piece of a place's line ends like a sentence, so that the pieces read one after the other. */
function sentence(text: string): string {
  return /[.!?:;)]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

/**
 * One place to go, on one line: its name and address, whether it is open now (or when it opens),
 * a phone number (or its website when it has none), and "to check" when its record is more than
 * a year old.
 */
export function placeLine(env: PlaceRenderEnv, picked: PickedPlace): string {
  const { place } = picked;
  const parts = [env.t('droits.places.place_line', { name: place.name, address: fullAddress(place) }), hoursLine(env, picked)];
  if (place.phone) parts.push(fieldLine(env, 'phone', formatPhone(place.phone)));
  else if (place.website) parts.push(fieldLine(env, 'website', place.website));
  const updated = Date.parse(`${place.updatedAt}T00:00:00Z`);
  if (Number.isFinite(updated) && env.now.getTime() - updated > YEAR_MS) parts.push(env.t('droits.places.old', { year: place.updatedAt.slice(0, 4) }));
  return parts.map(sentence).join(' ');
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
