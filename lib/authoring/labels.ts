import type { FieldLabels } from '../forms/messages';
import { msg } from '../i18n/message';

// The editor shows these labels (in the page's language) and error sentences
// name fields by them, so the two always agree. Keys of messages/*.json.
const l = (key: string) => msg(`authoring.labels.${key}`);

/** The web editor's labels for each part of an authored exercise ("#" = a list index, the label's {n}, 1-based). */
export const AUTHORING_LABELS = {
  id: l('id'),
  title: l('title'),
  week: l('week'),
  points: l('points'),
  prompt: l('prompt'),
  solution: l('solution'),
  constraints: l('constraints'),
  'constraints.#': l('constraint'),
  params: l('params'),
  'params.#': l('param'),
  'params.#.name': l('paramName'),
  'params.#.min': l('paramMin'),
  'params.#.max': l('paramMax'),
  'params.#.step': l('paramStep'),
  'params.#.choices': l('paramChoices'),
  fields: l('fields'),
  'fields.#': l('field'),
  'fields.#.name': l('fieldName'),
  'fields.#.label': l('fieldLabel'),
  'fields.#.type': l('fieldType'),
  'fields.#.formula': l('fieldFormula'),
  'fields.#.unit': l('fieldUnit'),
  'fields.#.tolerance.relative': l('fieldRelative'),
  'fields.#.tolerance.absolute': l('fieldAbsolute'),
} as const satisfies FieldLabels;
