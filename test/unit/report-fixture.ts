// Two months of usage counts (src/usage/model.ts) for the report tests: December 2026 and the
// November before it. Small counts (1 to 4) are chosen so that each one's masking can be checked.
import type { MonthUsage } from '../../src/usage/model.js';
import { daysOf } from '../../src/report/month.js';

/** Conversations per day of December: weeks of 1–6, 7–13, 14–20, 21–27 and 28–31 Dec. */
function december(): MonthUsage['days'] {
  return daysOf('2026-12').map((date) => {
    const day = Number(date.slice(8));
    // The last week (28–31) has 2 conversations only: "< 5" on the line chart.
    const conversations = day >= 28 ? (day === 28 ? 2 : 0) : day <= 6 ? 6 : day <= 13 ? 8 : day <= 20 ? 12 : 10;
    return { date, people: conversations, conversations };
  });
}

export const DECEMBER: MonthUsage = {
  month: '2026-12',
  people: 118,
  days: december(),
  totals: {
    // 38 + 210 = 248 = the days' sum: weeks of 36, 56, 84, 70 and 2.
    'conversation.started': { 'telegram/fr': 210, 'whatsapp/ar': 38 },
    'flow.started': { droits: 80, rappels: 40, accueil: 12 },
    'flow.finished': { droits: 52, rappels: 30, accueil: 3 },
    'flow.left': { 'droits/age': 20 },
    'flow.step': { 'droits/intro': 80, 'droits/age': 64, 'droits/result': 52, 'droits/talk': 4 },
    'rights.shown': { rsa: 30, 'prime-activite': 22 },
    'reminder.set': { caf: 25, ants: 9 },
    'reminder.delivered': { caf: 20, ants: 7 },
    'handoff.requested': { accueil: 14, promeneurs: 6 },
    'handoff.taken': { accueil: 12, promeneurs: 6 },
    'crisis.reply': { violence: 3 },
    'places.shown': { Lille: 17, Roubaix: 9 },
    'privacy.forget': { '': 2 },
  },
  takeSeconds: {
    accueil: [120, 300, 600, 60, 900, 240, 180, 420, 360, 90, 1500, 30],
    promeneurs: [600, 1200, 2400, 300, 3600, 900],
  },
};

export const NOVEMBER: MonthUsage = {
  month: '2026-11',
  people: 100,
  days: daysOf('2026-11').map((date) => ({ date, people: 7, conversations: 7 })),
  totals: {
    'conversation.started': { 'telegram/fr': 210 },
    'flow.finished': { droits: 50, rappels: 30 },
    'reminder.delivered': { caf: 4 },
    'handoff.requested': { accueil: 16 },
    'crisis.reply': { violence: 6 },
  },
  takeSeconds: { accueil: [600, 600, 600, 600, 600] },
};
