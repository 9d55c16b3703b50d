// "mes rappels" (or "my reminders", "تذكيراتي") typed at any moment opens the list of reminders.
// The words are in locales/*/rappels.yaml `words.list`, every language at once like core words.
import type { Stage } from '../conversation/pipeline.js';
import type { Texts } from '../i18n/locales.js';
import { normalise, wordsOfKey } from '../i18n/words.js';

export function listWordStage(texts: Texts): Stage {
  const words = wordsOfKey(texts, 'rappels.words.list');
  return async (ctx, next) => {
    const c = ctx.inbound.content;
    if (c.kind === 'text' && words.has(normalise(c.text))) ctx.event = { kind: 'enter-flow', flowId: 'rappels', stepId: 'load-list' };
    await next();
  };
}
