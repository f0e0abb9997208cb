/**
 * Buttons that also work when typed. botbuilder's ChoicePrompt tokenizes on combining marks and compares accents
 * exactly, so "huy" or an NFD "Hủy" from some keyboards would not match "Hủy". Here a choice is a text prompt with
 * suggested actions, and the answer is compared folded (no case, no diacritics, no punctuation), against the title,
 * its synonyms, or its number in the list.
 */
import { type Activity, ActionTypes, MessageFactory } from 'botbuilder';
import { type PromptOptions, type PromptValidatorContext, TextPrompt, type WaterfallStepContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { escalationText as say } from '../src/escalation/messages';
import { fold, normalize } from '../src/text/normalize';

export interface ButtonChoice {
  /** The button's title; also what the step receives as the result. */
  title: string;
  /** Other ways a citizen may type it ("có", "ok", "đồng ý"). */
  synonyms?: string[];
}

export const BUTTON_PROMPT = 'escalation.buttons';
/** Any text (the commune's name). */
export const TEXT_PROMPT = 'escalation.text';
/** A question, a report or an addition: long enough to act on, short enough to read. */
export const DETAILS_PROMPT = 'escalation.detailsText';

/** Typed answers that mean yes / no, on top of each button's own title. */
export const YES = ['có', 'ok', 'đồng ý', 'vâng', 'dạ', 'được', 'gửi đi'];
export const NO = ['không', 'ko', 'thôi', 'không cần', 'hủy'];

/** Fewer characters than this cannot be a question an officer can act on ("?", "alo"). */
const MIN_DETAILS = 8;
/** The bot cuts messages at 2,000 characters; a channel that does not is held to the same limit here. */
export const MAX_DETAILS = 2000;

const key = (text: string): string => fold(normalize(text));

/** An activity with `text` and the titles as tap-to-send buttons (imBack sends the title itself, on every channel). */
export function withButtons(text: string, titles: readonly string[]): Partial<Activity> {
  if (titles.length === 0) return MessageFactory.text(text);
  return MessageFactory.suggestedActions(
    titles.map((title) => ({ type: ActionTypes.ImBack, title, value: title })),
    text,
  );
}

/** The choice the citizen tapped or typed, if any. */
export function recognizeChoice(text: string | undefined, choices: readonly ButtonChoice[]): ButtonChoice | undefined {
  const typed = key(text ?? '');
  if (!typed) return undefined;
  const byNumber = /^\d{1,2}$/.test(typed) ? choices[Number(typed) - 1] : undefined;
  if (byNumber) return byNumber;
  return choices.find((c) => key(c.title) === typed || (c.synonyms ?? []).some((s) => key(s) === typed));
}

/** A text prompt whose answer must be one of `options.validations` (the choices); the step gets the chosen title. */
export function buttonPrompt(): TextPrompt {
  return new TextPrompt(BUTTON_PROMPT, async (prompt: PromptValidatorContext<string>) => {
    const choices = (prompt.options.validations ?? []) as ButtonChoice[];
    const chosen = recognizeChoice(prompt.recognized.value, choices);
    if (!chosen) return false;
    prompt.recognized.value = chosen.title;
    return true;
  });
}

/** Asks `text` with `choices` as buttons; an unrecognised answer gets `retry` with the same buttons. */
export function askWithButtons(step: WaterfallStepContext, text: string, choices: ButtonChoice[], retry: string): Promise<DialogTurnResult> {
  const titles = choices.map((c) => c.title);
  const options: PromptOptions = {
    prompt: withButtons(text, titles),
    retryPrompt: withButtons(retry, titles),
    validations: choices,
  };
  return step.prompt(BUTTON_PROMPT, options);
}

/** Details and additions: says what is wrong (too short, too long) and asks again; nothing typed is cut. */
export function detailsPrompt(): TextPrompt {
  return new TextPrompt(DETAILS_PROMPT, async (prompt: PromptValidatorContext<string>) => {
    const text = (prompt.recognized.value ?? '').trim();
    // A late tap on an earlier button ("Giữ nguyên") is not content: ask the same question again.
    if (recognizeChoice(text, [{ title: say.buttons.keep }, { title: say.buttons.rewrite }, { title: say.buttons.phoneNo }])) return false;
    if (text.length > MAX_DETAILS) {
      await prompt.context.sendActivity(say.detailsTooLong(MAX_DETAILS));
      return false;
    }
    if (text.replace(/\s+/g, ' ').length < MIN_DETAILS) {
      await prompt.context.sendActivity(say.detailsTooShort);
      return false;
    }
    prompt.recognized.value = text;
    return true;
  });
}
