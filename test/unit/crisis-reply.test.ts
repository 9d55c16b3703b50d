// The crisis reply itself: the right numbers per category, per age and per hour (from
// flows/data/help-numbers.yaml), never "call now" for a line that is closed, tu/vous, every language,
// and at most 2 messages of 60 words and 8 lines each.
import { describe, expect, it } from 'vitest';
import { loadCrisisDataIn } from '../../src/crisis/check.js';
import { crisisReply, type ReplyOptions } from '../../src/crisis/reply.js';
import { MESSAGE_MAX_LINES, MESSAGE_MAX_WORDS, measureMessage } from '../../src/i18n/budget.js';
import { LOCALES } from '../../src/i18n/locales.js';
import { realContent, text as t } from '../support/real-content.js';

const loaded = loadCrisisDataIn('flows/data');
if (!loaded.data) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
const data = loaded.data;
const { texts } = realContent();

// Paris: 15:00 on a Monday (every line open) and 01:00 at night (3018 and Fil Santé Jeunes closed).
const AFTERNOON = new Date('2026-11-30T14:00:00Z');
const NIGHT = new Date('2026-12-01T00:00:00Z');

function reply(categories: string[], o: Partial<ReplyOptions> = {}): string {
  const options: ReplyOptions = { locale: 'fr', register: 'vous', audience: 'unknown', now: AFTERNOON, timeZone: 'Europe/Paris', staffAlerted: false, ...o };
  return crisisReply(data.numbers, texts, categories, options)
    .map((m) => m.text)
    .join('\n---\n');
}

const line = (id: string): string => t('fr', `crisis.numbers.${id}`);

describe('crisis reply: the numbers for the category, the person and the hour', () => {
  it('suicide: 3114 and 112', () => {
    const text = reply(['suicide']);
    expect(text).toContain(line('n3114'));
    expect(text).toContain(line('n112'));
  });

  it('self-harm: 3114, and 15 or 112 when hurt', () => {
    const text = reply(['self-harm']);
    for (const id of ['n3114', 'n15', 'n112']) expect(text).toContain(line(id));
  });

  it('violence: 119 for a minor, 3919 for an adult, 17 and 114 (SMS) for both', () => {
    const minor = reply(['violence'], { audience: 'minor', register: 'tu' });
    const adult = reply(['violence'], { audience: 'adult' });
    expect(minor).toContain(line('n119'));
    expect(minor).not.toContain(line('n3919'));
    expect(adult).toContain(line('n3919'));
    expect(adult).not.toContain(line('n119'));
    for (const text of [minor, adult]) for (const id of ['n17', 'n114']) expect(text).toContain(line(id));
  });

  it('sexual violence: 119 for a minor, 3919 for a woman, and both when the age is unknown', () => {
    expect(reply(['sexual-violence'], { audience: 'minor' })).toContain(line('n119'));
    expect(reply(['sexual-violence'], { audience: 'adult' })).toContain(line('n3919'));
    const unknown = reply(['sexual-violence']);
    for (const id of ['n119', 'n3919', 'n17']) expect(unknown).toContain(line(id));
  });

  it('harassment in the afternoon: 3018 to call now, with "keep the messages, never pay"', () => {
    const text = reply(['harassment'], { audience: 'minor', register: 'tu' });
    expect(text.split('\n---\n')[0]).toContain(line('n3018'));
    expect(text).toContain(t('fr', 'crisis.tu.advice.harassment'));
  });

  it('harassment at 1 a.m.: 3018 is not given as "call now" but for 09:00; 119 for a minor, 17 for an adult, now', () => {
    const minor = reply(['harassment'], { audience: 'minor', register: 'tu', now: NIGHT });
    const [callNow = '', ...rest] = minor.split(t('fr', 'crisis.later', { time: '09:00' }));
    expect(callNow).toContain(line('n119'));
    expect(callNow).not.toContain(line('n3018'));
    expect(rest.join('')).toContain(line('n3018'));
    const adult = reply(['harassment'], { audience: 'adult', now: NIGHT });
    expect(adult.split(t('fr', 'crisis.later', { time: '09:00' }))[0]).toContain(line('n17'));
  });

  it('several categories: each number once', () => {
    const text = reply(['suicide', 'self-harm']);
    expect(text.split(line('n3114')).length - 1).toBe(1);
    expect(text.split(line('n112')).length - 1).toBe(1);
  });

  it('says the staff are told only when they are', () => {
    expect(reply(['suicide'], { staffAlerted: true })).toContain(t('fr', 'crisis.vous.staff'));
    expect(reply(['suicide'])).not.toContain(t('fr', 'crisis.vous.staff'));
  });

  it('"tu" for young people, "vous" for adults', () => {
    expect(reply(['violence'], { register: 'tu' })).toContain(t('fr', 'crisis.tu.intro.violence'));
    expect(reply(['violence'], { register: 'vous' })).toContain(t('fr', 'crisis.vous.intro.violence'));
  });

  it('every reply, in every language, register, hour and age, is sent urgent in at most 2 messages of 60 words and 8 lines', () => {
    const categories = Object.keys(data.numbers.categories);
    for (const locale of LOCALES) {
      for (const register of ['tu', 'vous'] as const) {
        for (const audience of ['minor', 'adult', 'unknown'] as const) {
          for (const now of [AFTERNOON, NIGHT]) {
            for (const set of [...categories.map((c) => [c]), categories]) {
              const messages = crisisReply(data.numbers, texts, set, { locale, register, audience, now, timeZone: 'Europe/Paris', staffAlerted: true });
              const where = `${locale} ${register} ${audience} ${now.toISOString()} ${set.join('+')}`;
              expect(messages.length, where).toBeGreaterThan(0);
              expect(messages.length, where).toBeLessThanOrEqual(2);
              for (const m of messages) {
                expect(m.priority).toBe('urgent');
                expect(m.locale).toBe(locale);
                const size = measureMessage(m.text);
                expect(size.words, `${where}: ${m.text}`).toBeLessThanOrEqual(MESSAGE_MAX_WORDS);
                expect(size.lines, `${where}: ${m.text}`).toBeLessThanOrEqual(MESSAGE_MAX_LINES);
              }
            }
          }
        }
      }
    }
  });

  it('every category at once: the numbers to call now come first, in the first message, and none is lost', () => {
    const categories = Object.keys(data.numbers.categories);
    const messages = crisisReply(data.numbers, texts, categories, { locale: 'fr', register: 'tu', audience: 'unknown', now: NIGHT, timeZone: 'Europe/Paris', staffAlerted: true }).map((m) => m.text);
    expect(messages).toHaveLength(2);
    const [first = '', second = ''] = messages;
    for (const id of ['n3114', 'n112', 'n15', 'n17', 'n119', 'n3919']) expect(first).toContain(line(id));
    for (const id of ['n3018', 'fsj']) expect(second).toContain(line(id));
    expect(second).toContain(t('fr', 'crisis.tu.staff'));
    expect(messages.join('\n')).toContain(line('n114'));
  });
});
