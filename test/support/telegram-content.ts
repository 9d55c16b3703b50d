// Fixed content for the Telegram tests and benchmark: the real menu and langue flows and core texts,
// plus two test flows (a deep-linked question with long ids, an echo). Independent of other flows in
// progress, so the tests stay deterministic. No vitest import: bench/ uses it too.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent, ContentError, type Content } from '../../src/content.js';
import { translate, LOCALES, type Locale } from '../../src/i18n/locales.js';

/** A flow a poster's deep link opens; its step and option ids make a choice id longer than 64 bytes. */
const PROMENEURS = `id: promeneurs
version: 1
deep-link: true
steps:
  - id: a-question-whose-id-is-long-enough-to-need-a-hash
    type: ask-choice
    text: tgtest.question
    options:
      - id: first-option-with-a-long-name
        label: core.yes
      - id: second-option-with-a-long-name
        label: core.no
    next: done
  - id: done
    type: end
    text: tgtest.done
`;

/** Repeats what the person wrote: makes each chat's replies distinct, to check their order. */
const ECHO = `id: echo
version: 1
deep-link: true
steps:
  - id: ask
    type: ask-text
    text: tgtest.echo_ask
    validate: text
    var: said
    next: reply
  - id: reply
    type: say
    text: tgtest.echo_reply
    next: ask
`;

const TEST_TEXTS = `question: "Question de test ?"
done: "Fini."
echo_ask: "Écrivez."
echo_reply: "Reçu : {said}"
`;

/** Builds the test content once per process (flows and locale files copied into a temp folder). */
let cached: Content | undefined;
export function testContent(): Content {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-tg-'));
  mkdirSync(join(dir, 'flows'));
  for (const f of ['menu.yaml', 'langue.yaml']) copyFileSync(join('flows', f), join(dir, 'flows', f));
  writeFileSync(join(dir, 'flows', 'promeneurs.yaml'), PROMENEURS);
  writeFileSync(join(dir, 'flows', 'echo.yaml'), ECHO);
  for (const locale of LOCALES) {
    mkdirSync(join(dir, 'locales', locale), { recursive: true });
    for (const f of ['core.yaml', 'telegram.yaml']) copyFileSync(join('locales', locale, f), join(dir, 'locales', locale, f));
    writeFileSync(join(dir, 'locales', locale, 'tgtest.yaml'), TEST_TEXTS);
  }
  const { content, errors } = loadContent({ flowsDir: join(dir, 'flows'), localesDir: join(dir, 'locales'), actions: new Set(['locale.set']) });
  rmSync(dir, { recursive: true, force: true });
  if (errors.length > 0) throw new ContentError(errors);
  cached = content;
  return content;
}

export function t(locale: Locale, key: string, args: Record<string, unknown> = {}): string {
  return translate(testContent().texts, locale, key, args);
}
