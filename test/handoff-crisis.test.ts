// Crisis words (flows/data/crisis-words.yaml): each category in each language, and false friends.
import { describe, expect, it } from 'vitest';
import { loadCrisisWords, type CrisisDetector } from '../src/handoff/crisis.js';
import { loadLocales } from '../src/i18n/locales.js';

const loaded = loadCrisisWords('flows/data/crisis-words.yaml');
if (!loaded.detector) throw new Error(loaded.errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n'));
const detector: CrisisDetector = loaded.detector;

const cases: Array<[string, string]> = [
  ['suicide', 'je pense à me suicider'],
  ['suicide', "J'ai plus envie de vivre"],
  ['suicide', 'Je veux en finir.'],
  ['suicide', 'I want to kill myself'],
  ['suicide', 'أفكر في الانتحار'],
  ['self-harm', 'je me scarifie depuis un mois'],
  ['self-harm', 'I keep cutting myself'],
  ['self-harm', 'أجرح نفسي كل يوم'],
  ['violence', "mon beau-père m'a frappé hier"],
  ['violence', 'he hits me when he drinks'],
  ['violence', 'أبي يضربني'],
  ['harassment', 'je suis harcelée au collège'],
  ['harassment', "il me fait du chantage avec mes photos"],
  ['harassment', 'I am being bullied online'],
  ['harassment', 'في المدرسة تنمر علي'],
  ['abuse', 'il y a eu des attouchements'],
  ['abuse', 'I was raped'],
  ['abuse', 'تعرضت إلى اعتداء جنسي'],
];

describe('crisis words', () => {
  it.each(cases)('%s: "%s"', (category, text) => {
    expect(detector.detect(text)?.categories).toContain(category);
  });

  it('gives the help numbers of every category found, each once', () => {
    const match = detector.detect("je suis harcelé et j'ai envie de mourir");
    expect(match?.categories).toEqual(['suicide', 'harassment']);
    expect(match?.numbers).toEqual(['n3114', 'n112', 'n3018']);
  });

  it.each([
    'je suis mort de rire',
    'tu vas me tuer de rire 😂',
    'je me coupe les cheveux demain',
    'ce film est un peu violent',
    'hit me up later',
    'I was just killing time',
    'ça me touche beaucoup',
    'je veux en finir avec ce jeu',
    'je joue du violon',
    'un chantier près de chez moi',
    'شخص',
  ])('false friend: "%s"', (text) => {
    expect(detector.detect(text)).toBeUndefined();
  });

  it('names only help numbers that exist in every locale', () => {
    const { texts } = loadLocales('locales');
    for (const key of detector.numberKeys()) {
      for (const locale of ['fr', 'en', 'ar'] as const) expect(texts[locale].has(`promeneurs.numbers.${key}`), `${locale} ${key}`).toBe(true);
    }
  });
});
