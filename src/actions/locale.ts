// `locale.set`: the person picked a language in the `langue` flow.
import { isLocale } from '../i18n/locales.js';
import type { ActionHandler } from './registry.js';

export const setLocale: ActionHandler = async ({ params }) => {
  const locale = params.locale;
  return isLocale(locale) ? { locale } : { outcome: 'ok' };
};
