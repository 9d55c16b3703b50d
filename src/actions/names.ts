// Every action a flow may name. Checked by `npm run flows:check` without starting anything;
// at start-up each name must have a registered handler. Add a feature's actions here.
export const ACTION_NAMES: readonly string[] = [
  'locale.set',
  // Mes données (src/privacy/feature.ts)
  'privacy.describe',
  'privacy.erase',
  // Accès aux droits (src/rights/actions.ts)
  'rights.suggest',
  'places.list',
  'eservices.show',
  // Pense-bête (src/reminders/actions.ts)
  'reminders.catalogue',
  'reminders.next-question',
  'reminders.preview',
  'reminders.create',
  'reminders.list',
  'reminders.delete',
  'reminders.delete-all',
  'reminders.done',
  'reminders.snooze',
  'reminders.stop',
  // Promeneurs du Net (src/handoff/actions.ts)
  'handoff.prepare',
  'handoff.request',
  // Crisis (src/crisis/): "Non, j'ai besoin d'aide" after the gentle check
  'crisis.help',
];
