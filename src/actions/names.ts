// Every action a flow may name. Checked by `npm run flows:check` without starting anything;
// at start-up each name must have a registered handler. Add a feature's actions here.
export const ACTION_NAMES: readonly string[] = [
  'locale.set',
  // Mes données (src/privacy/feature.ts)
  'privacy.describe',
  'privacy.erase',
];
