/**
 * "Bạn đang ở xã/phường nào?" until the answer names exactly one commune of the province. Ambiguous names come back
 * as buttons, an old district name with a question (and its new communes as buttons when the data has them), an
 * unknown name with suggestions. Ends with the commune id.
 */
import { type DialogTurnResult, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { CommuneMatcher } from '../src/escalation/communeMatcher';
import { escalationText as say } from '../src/escalation/messages';
import type { Commune } from '../src/knowledge/schema';
import { recognizeChoice, TEXT_PROMPT, withButtons } from './escalationPrompts';

export const COMMUNE_DIALOG = 'escalation.commune';

/** Enough buttons to cover a former city's wards without burying the screen. */
const MAX_BUTTONS = 8;

interface CommuneStepOptions {
  /** What to ask this time; the plain question on the first round. */
  message?: string;
  /** Communes offered as buttons this round: tapping one settles it, even when two share a name. */
  offered?: { id: string; name: string }[];
}

export function communeDialog(deps: { communes: () => CommuneMatcher; provinceName: () => string }): WaterfallDialog {
  return new WaterfallDialog(COMMUNE_DIALOG, [
    async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
      const options = (step.options ?? {}) as CommuneStepOptions;
      const offered = options.offered ?? [];
      const other = offered.length === 1 ? say.buttons.notThisOne : say.buttons.notListed;
      const titles = offered.length > 0 ? [...offered.map((c) => c.name), other] : [];
      return step.prompt(TEXT_PROMPT, { prompt: withButtons(options.message ?? say.askCommune, titles) });
    },
    async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
      const answer = String(step.result ?? '').trim();
      const offered = ((step.options ?? {}) as CommuneStepOptions).offered ?? [];
      const tapped = recognizeChoice(answer, offered.map((c) => ({ title: c.name, synonyms: [c.id] })));
      if (tapped) return step.endDialog(offered.find((c) => c.name === tapped.title)!.id);
      if (recognizeChoice(answer, [{ title: say.buttons.notListed }, { title: say.buttons.notThisOne }])) {
        return step.replaceDialog(COMMUNE_DIALOG, { message: say.communeRetypeName } satisfies CommuneStepOptions);
      }

      const found = deps.communes().match(answer);
      switch (found.kind) {
        case 'match':
          return step.endDialog(found.commune.id);
        case 'ambiguous': {
          // One candidate: a current xã that shares its name with an old huyện ("Hoằng Hóa"); ask, do not assume.
          const message = found.communes.length === 1 ? say.communeConfirmOne(found.communes[0]!.name) : say.communeAmbiguous;
          return step.replaceDialog(COMMUNE_DIALOG, { message, offered: offer(found.communes) });
        }
        case 'former-district':
          return step.replaceDialog(COMMUNE_DIALOG, {
            message: say.communeFormerDistrict(found.district, found.communes.length > 0),
            offered: offer(found.communes),
          });
        case 'none':
          return step.replaceDialog(COMMUNE_DIALOG, {
            message: say.communeNotFound(answer.slice(0, 60), deps.provinceName(), found.suggestions.length > 0),
            offered: offer(found.suggestions),
          });
      }
    },
  ]);
}

function offer(communes: readonly Commune[]): { id: string; name: string }[] {
  return communes.slice(0, MAX_BUTTONS).map((c) => ({ id: c.id, name: c.name }));
}
