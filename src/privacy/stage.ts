// Privacy at the door: a short notice at first contact, and the words "mes données" and
// "oubli" (in every language) that open the privacy flow from anywhere, over the question the person
// is answering (asked again afterwards, unless everything was erased).
import { translate, type Texts } from '../i18n/locales.js';
import { normalise, wordsOfKey } from '../i18n/words.js';
import type { Stage } from '../conversation/pipeline.js';

export const PRIVACY_FLOW = 'donnees';

export function privacyStage(texts: Texts): Stage {
  const show = wordsOfKey(texts, 'privacy.words.show');
  const forget = wordsOfKey(texts, 'privacy.words.forget');
  return async (ctx, next) => {
    if (ctx.isNew) await ctx.reply({ text: translate(texts, ctx.state.locale, 'privacy.notice') });
    if (ctx.inbound.content.kind === 'text') {
      const typed = normalise(ctx.inbound.content.text);
      if (show.has(typed)) ctx.event = { kind: 'enter-flow', flowId: PRIVACY_FLOW, stepId: 'show', interrupt: true };
      else if (forget.has(typed)) ctx.event = { kind: 'enter-flow', flowId: PRIVACY_FLOW, stepId: 'forget', interrupt: true };
    }
    // Inside the privacy flow (or entering it), answers go to the bot even during a handoff.
    if ((ctx.event.kind === 'enter-flow' && ctx.event.flowId === PRIVACY_FLOW) || ctx.state.position?.flowId === PRIVACY_FLOW) ctx.forBot = true;
    await next();
  };
}
