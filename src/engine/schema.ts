// The shape of a flow file (flows/*.yaml). Texts are locale keys, never literal strings;
// step ids are stable names chosen by the author, so a stored position survives edits.
import { z } from 'zod';

const name = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lowercase letters, digits, "-" or "_"');
export const textKey = z.string().regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/, 'must be a locale key such as "core.welcome"');
const varName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lowercase letters, digits or "_"');

/** `month`: a month by its number (1–12) or its name, stored as the number. */
export const VALIDATORS = ['text', 'number', 'date', 'yes-no', 'month'] as const;
export type Validator = (typeof VALIDATORS)[number];

const option = z.strictObject({
  id: name,
  label: textKey,
  /** Step to go to when chosen (default: the step's `next`). */
  next: name.optional(),
  /** Flow to start when chosen. */
  flow: name.optional(),
  /** With `numbering: count`, the open-ended count ("4 ou plus"): a number larger than any shown picks it. */
  'or-more': z.boolean().optional(),
});

const base = { id: name };

const say = z.strictObject({ ...base, type: z.literal('say'), text: textKey, next: name.optional() });

const askChoice = z
  .strictObject({
    ...base,
    type: z.literal('ask-choice'),
    text: textKey,
    /** The chosen option's id is stored in this variable. */
    var: varName.optional(),
    options: z.array(option).min(1).optional(),
    /** Options built at run time by an action: a variable holding [{id, label}] (label is a locale key). */
    'options-from': varName.optional(),
    /**
     * Any other answer is taken too: the text typed goes into `var` and the flow goes on to `next`,
     * where an action reads it (a town given by its buttons or typed as a postal code).
     */
    'free-text': z.boolean().optional(),
    /**
     * `count`: the options are counts ("Aucun", "1 enfant", … "4 ou plus"). They are numbered from 0,
     * so the digit a person types is the count itself; a larger number than any shown picks the
     * option marked `or-more`. An option after the counts ("Passer") keeps the next number.
     */
    numbering: z.enum(['count']).optional(),
    next: name.optional(),
  })
  .refine((s) => (s.options === undefined) !== (s['options-from'] === undefined), {
    message: 'give either "options" or "options-from"',
    path: ['options'],
  })
  .refine((s) => s.numbering === 'count' || !s.options?.some((o) => o['or-more']), {
    message: '"or-more" is for an option of a question with "numbering: count"',
    path: ['options'],
  })
  .refine((s) => !s['free-text'] || (s.var !== undefined && s.next !== undefined), {
    message: '"free-text" needs a "var" to keep the text in and a "next" step that reads it',
    path: ['free-text'],
  });

const askText = z.strictObject({
  ...base,
  type: z.literal('ask-text'),
  text: textKey,
  validate: z.enum(VALIDATORS),
  var: varName,
  /** Shown when the answer does not pass the validator. */
  hint: textKey.optional(),
  next: name.optional(),
});

const goToStep = z.strictObject({ ...base, type: z.literal('go-to-step'), step: name });
const goToFlow = z.strictObject({ ...base, type: z.literal('go-to-flow'), flow: name, step: name.optional() });

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const branchCase = z.strictObject({
  var: varName,
  /** Matches when the variable equals this value; with neither `equals` nor `in`, when it is set. */
  equals: scalar.optional(),
  in: z.array(scalar).optional(),
  next: name,
});
const branch = z.strictObject({ ...base, type: z.literal('branch'), cases: z.array(branchCase).min(1), else: name });

const action = z.strictObject({
  ...base,
  type: z.literal('action'),
  /** A name registered in the action registry (src/actions). */
  action: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/, 'must be an action name such as "reminders.schedule"'),
  /** Values passed to the action; "{var}" is replaced by the session variable. */
  params: z.record(z.string(), scalar).optional(),
  next: name.optional(),
  /** Step to go to for each outcome the action reports (other than "ok"). */
  on: z.record(z.string(), name).optional(),
});

const menu = z.strictObject({ ...base, type: z.literal('menu'), text: textKey });
const end = z.strictObject({
  ...base,
  type: z.literal('end'),
  text: textKey.optional(),
  /**
   * Nothing follows, not even the question an interruption left (after erasing everything there is
   * no place to go back to). Otherwise an end with a text is followed by that question, or the menu.
   */
  final: z.boolean().optional(),
});

export const stepSchema = z.discriminatedUnion('type', [say, askChoice, askText, goToStep, goToFlow, branch, action, menu, end]);
export type Step = z.output<typeof stepSchema>;
export type StepType = Step['type'];
export type ChoiceOption = z.output<typeof option>;

export const flowSchema = z.strictObject({
  id: name,
  /** Raise when steps change meaning; stored positions keep the version they were made with. */
  version: z.number().int().min(1),
  /** Present when the flow appears in the main menu. */
  menu: z.strictObject({ order: z.number().int(), label: textKey }).optional(),
  /** Can be opened directly by a deep link (Telegram /start <id>, a QR code on a poster). */
  'deep-link': z.boolean().optional(),
  /** First step (default: the first in the list). */
  start: name.optional(),
  steps: z.array(stepSchema).min(1),
});
export type Flow = z.output<typeof flowSchema>;
