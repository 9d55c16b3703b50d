// The crisis detector reads messages the way people write them (flows/data/crisis-words.yaml):
// the phrasings the issue found missed, chat spellings, Arabic letter forms, typos, and look-alikes
// that must stay quiet. The corpus-wide figures are in crisis-eval.test.ts.
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCrisisDataIn } from '../../src/crisis/check.js';
import { CrisisClassifier } from '../../src/crisis/classifier.js';
import { foldChars, normaliseMessage } from '../../src/crisis/normalise.js';
import { withinOneEdit } from '../../src/crisis/typos.js';

const loaded = loadCrisisDataIn('flows/data');
if (!loaded.data) throw new Error(loaded.errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n'));
const detector = loaded.data.detector;
const categoriesOf = (text: string): string[] => {
  const d = detector.detect(text);
  return d?.kind === 'crisis' ? d.categories : [];
};

describe('normalisation for chat language', () => {
  it('folds case, accents, elisions, repeated letters, emoji and punctuation', () => {
    expect(normaliseMessage('JVEUX MOURIIIIR !!! 😭😭')).toBe('je veux mourir');
    expect(normaliseMessage('il m’a frappée…')).toBe('il m a frape');
  });

  it('expands SMS spellings', () => {
    expect(normaliseMessage('jveux')).toBe('je veux');
    expect(normaliseMessage('chui')).toBe('je suis');
    expect(normaliseMessage('jpp')).toBe('j en peux plus');
    expect(normaliseMessage('je ve')).toBe('je veux');
    expect(normaliseMessage('kms')).toBe(foldChars('kill myself'));
    expect(normaliseMessage('i wanna')).toBe('i want to');
  });

  it('folds Arabic hamza and alef forms, taa marbuta, alef maqsura, diacritics, tatweel and digits', () => {
    expect(foldChars('أريد أن أموت')).toBe(foldChars('اريد ان اموت'));
    expect(foldChars('إِيذَاءُ النَّفْسِ')).toBe(foldChars('ايذاء النفس'));
    expect(foldChars('الحياة')).toBe('الحياه');
    expect(foldChars('ابى يضربنى')).toBe('ابي يضربني');
    expect(foldChars('تعبــــت')).toBe('تعبت');
    expect(foldChars('١٢٣')).toBe('123');
  });

  it('takes one typo as the same word, not two', () => {
    expect(withinOneEdit('suicder', 'suicider')).toBe(true);
    expect(withinOneEdit('harclement', 'harcelement')).toBe(true);
    expect(withinOneEdit('sucder', 'suicider')).toBe(false);
  });
});

describe('crisis phrasings written as people write (the ones found missed)', () => {
  const cases: Array<[string, string]> = [
    ['suicide', "j'ai envie de mourir ce soir"],
    ['suicide', 'jveux mourir'],
    ['suicide', 'je ve mourir'],
    ['suicide', "j'en peux plus"],
    ['suicide', 'envie de crever'],
    ['suicide', 'je veux disparaître'],
    ['suicide', 'marre de la vie'],
    ['suicide', 'prendre tous mes médocs'],
    ['suicide', 'je pense a me suicder'],
    ['self-harm', 'je me coupe'],
    ['self-harm', 'je me scar'],
    ['violence', 'il me tape'],
    ['violence', 'mon père me tape'],
    ['violence', "il m'a giflé"],
    ['violence', 'je suis battue'],
    ['violence', "il m'a étranglée"],
    ['violence', 'il me menace'],
    ['sexual-violence', 'il me touche'],
    ['sexual-violence', "il m'a touchée"],
    ['sexual-violence', 'il me force'],
    ['harassment', 'il a mes nudes'],
    ['harassment', 'il veut que je lui envoie des photos'],
    ['harassment', "on m'insulte sur snap"],
    ['harassment', 'ils se moquent de moi'],
    ['harassment', 'ils ont piraté mon compte'],
    ['suicide', 'wanna die'],
    ['suicide', 'kms'],
    ['suicide', "can't go on"],
    ['sexual-violence', 'he touched me'],
    ['suicide', 'سأنتحر'],
    ['suicide', 'نحب نموت'],
    ['suicide', 'تعبت من الحياة'],
    ['harassment', 'يتنمرون'],
    ['suicide', 'bghit nmout'],
  ];
  it.each(cases)('%s: «%s»', (category, text) => {
    expect(categoriesOf(text)).toContain(category);
  });
});

describe('look-alikes stay quiet', () => {
  it.each([
    'je meurs de rire',
    'un exposé sur le harcèlement',
    "j'ai violé le règlement",
    'tu vas me tuer de rire 😂',
    'je me coupe les cheveux demain',
    'hit me up later',
    'I was just killing time',
    'ça me touche beaucoup',
    'je veux en finir avec ce dossier CAF',
    'mon frère m’a battu à FIFA',
    'ma batterie est morte',
    'la conseillère veut que je lui envoie des photos de mes papiers',
    'جدول الضرب',
    'البطارية ماتت',
  ])('«%s»', (text) => {
    expect(detector.detect(text)?.kind).not.toBe('crisis');
  });
});

describe('gentle check when distress is not said plainly', () => {
  it.each(['chui fatigué de tout', "personne m'aime", 'ça va pas du tout'])('«%s»', (text) => {
    expect(detector.detect(text)).toEqual({ kind: 'check' });
  });
});

describe('the phrase file, as professionals edit it', () => {
  it('names the file and line of a phrase that does not parse', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crisis-'));
    copyFileSync('flows/data/help-numbers.yaml', join(dir, 'help-numbers.yaml'));
    writeFileSync(
      join(dir, 'crisis-words.yaml'),
      ['source: test', 'verified: 2026-12-02', 'categories:', '  suicide:', '    phrases:', '      fr:', '        - "veux (mourir"', 'about: {}', 'except: {}', 'check: {}', ''].join('\n'),
    );
    const result = loadCrisisDataIn(dir);
    expect(result.data).toBeUndefined();
    expect(result.errors[0]).toMatchObject({ file: join(dir, 'crisis-words.yaml'), line: 7 });
    expect(result.errors[0]?.message).toContain('")" missing');
  });
});

describe('the classifier behind the phrases', () => {
  const examples = [
    ['suicide', 'je laisse une lettre pour maman ce soir, je serai plus là demain'],
    ['suicide', 'ce soir je serai plus là, dites adieu à ma sœur'],
    ['suicide', 'demain je serai plus là pour personne'],
    ['violence', 'mon beau père me cogne avec sa ceinture'],
    ['violence', 'il cogne ma mère tous les soirs avec sa ceinture'],
    ['none', 'je serai là demain pour le rendez-vous caf'],
    ['none', 'ma sœur a une ceinture rouge au judo'],
    ['none', 'je laisse mon dossier à l accueil demain'],
    ['none', 'bonjour je voudrais un rendez vous'],
  ].map(([category, text], i) => ({ category: category ?? '', text: text ?? '', lang: 'fr', origin: `test:${i}` }));
  const classifier = CrisisClassifier.train(examples, normaliseMessage);

  it('recognises a new wording close to crisis examples, with its category', () => {
    expect(classifier.predict(normaliseMessage('demain je serai plus là, adieu'))?.category).toBe('suicide');
    expect(classifier.predict(normaliseMessage('il me cogne avec la ceinture'))?.category).toBe('violence');
  });

  it('stays quiet on a message close to harmless examples', () => {
    expect(classifier.predict(normaliseMessage('je voudrais un rendez vous à la caf demain'))).toBeUndefined();
  });
});
