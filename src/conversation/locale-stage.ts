// Chooses the conversation language: the person's own choice wins; otherwise the platform's
// language code when we speak it; otherwise the default.
import { localeFromCode } from '../i18n/locales.js';
import type { Stage } from './pipeline.js';

export { localeFromCode };

export const localeStage: Stage = async (ctx, next) => {
  const fromPlatform = localeFromCode(ctx.inbound.languageCode);
  if (fromPlatform && !ctx.state.localeChosen) ctx.state.locale = fromPlatform;
  await next();
};
