// The commands menu (Telegram's "/" button), described in each language from locales/*/telegram.yaml,
// and the global word each command stands for. Sent at start-up, never at import time.
import type { Api } from 'grammy';
import { LOCALES, translate, type Locale, type Texts } from '../../i18n/locales.js';
import { firstSpelling } from '../../i18n/words.js';
import { COMMANDS, type CommandWords } from './inbound.js';

const WORD_KEYS: Record<keyof CommandWords, string> = {
  menu: 'core.words.menu',
  help: 'core.words.help',
  language: 'core.words.language',
  stop: 'core.words.stop',
};

/** The first spelling of each global word in the default locale (any locale's word works in the engine). */
export function commandWords(texts: Texts, locale: Locale): CommandWords {
  const first = (key: string): string => firstSpelling(texts, locale, key);
  return { menu: first(WORD_KEYS.menu), help: first(WORD_KEYS.help), language: first(WORD_KEYS.language), stop: first(WORD_KEYS.stop) };
}

export function commandList(texts: Texts, locale: Locale): Array<{ command: string; description: string }> {
  return COMMANDS.map((command) => ({ command, description: translate(texts, locale, `telegram.commands.${command}`) }));
}

/** One list per language Telegram users may have, plus the default locale's list for everyone else. */
export async function publishCommands(api: Api, texts: Texts, defaultLocale: Locale): Promise<void> {
  await api.setMyCommands(commandList(texts, defaultLocale));
  for (const locale of LOCALES) await api.setMyCommands(commandList(texts, locale), { language_code: locale });
}
