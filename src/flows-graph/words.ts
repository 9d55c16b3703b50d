// The few words of the drawing itself (step kinds, marks, legend), for the team reading it. French
// for a French drawing, English otherwise (an Arabic drawing shows the Arabic texts with English
// marks). These are operator-facing words, like the admin pages, so they are not in locales/.
import type { StepType, Validator } from '../engine/schema.js';
import type { Locale } from '../i18n/locales.js';

export interface GraphWords {
  kinds: Record<StepType, string>;
  validators: Record<Validator, string>;
  unreachable: string;
  deadEnd: string;
  list: string;
  freeText: string;
  otherwise: string;
  isSet: string;
  start: string;
  flowLink: string;
  legend: string;
  pageTitle: string;
  intro: string;
  steps: string;
}

const fr: GraphWords = {
  kinds: {
    say: 'message',
    'ask-choice': 'question à choix',
    'ask-text': 'question libre',
    menu: 'menu',
    action: 'action',
    branch: 'aiguillage',
    'go-to-step': 'saut',
    'go-to-flow': 'autre conversation',
    end: 'fin',
  },
  validators: { text: 'texte', number: 'nombre', date: 'date', 'yes-no': 'oui / non', month: 'mois' },
  unreachable: '(jamais atteinte)',
  deadEnd: '(impasse : retour au menu)',
  list: '(liste)',
  freeText: '(texte tapé)',
  otherwise: 'sinon',
  isSet: 'connu',
  start: 'début',
  flowLink: 'conversation',
  legend: 'Légende',
  pageTitle: 'Les conversations du bot',
  intro: 'Chaque dessin est fait à partir des fichiers flows/ que le bot utilise. Cliquez sur une autre conversation pour l’ouvrir.',
  steps: 'étapes',
};

const en: GraphWords = {
  kinds: {
    say: 'message',
    'ask-choice': 'choice question',
    'ask-text': 'typed answer',
    menu: 'menu',
    action: 'action',
    branch: 'branch',
    'go-to-step': 'jump',
    'go-to-flow': 'other conversation',
    end: 'end',
  },
  validators: { text: 'text', number: 'number', date: 'date', 'yes-no': 'yes / no', month: 'month' },
  unreachable: '(unreachable)',
  deadEnd: '(dead end: back to the menu)',
  list: '(list)',
  freeText: '(typed text)',
  otherwise: 'otherwise',
  isSet: 'is set',
  start: 'start',
  flowLink: 'conversation',
  legend: 'Legend',
  pageTitle: 'The bot’s conversations',
  intro: 'Each drawing is made from the flows/ files the bot runs. Click another conversation to open it.',
  steps: 'steps',
};

export function graphWords(locale: Locale): GraphWords {
  return locale === 'fr' ? fr : en;
}
