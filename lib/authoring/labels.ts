import type { FieldLabels } from '../forms/messages';

/** The web editor's labels for each part of an authored exercise ("#" = 1-based list index). */
export const AUTHORING_LABELS: FieldLabels = {
  id: 'Exercise id',
  title: 'Title',
  week: 'Week',
  points: 'Points',
  prompt: 'Prompt',
  solution: 'Worked solution',
  constraints: 'Constraints',
  'constraints.#': 'Constraint #',
  params: 'Parameters',
  'params.#': 'Parameter #',
  'params.#.name': 'Parameter # name',
  'params.#.min': 'Parameter # min',
  'params.#.max': 'Parameter # max',
  'params.#.step': 'Parameter # step',
  'params.#.choices': 'Parameter # choices',
  fields: 'Answer fields',
  'fields.#': 'Answer #',
  'fields.#.name': 'Answer # name',
  'fields.#.label': 'Answer # label',
  'fields.#.type': 'Answer # type',
  'fields.#.formula': 'Answer # formula',
  'fields.#.unit': 'Answer # unit',
  'fields.#.tolerance.relative': 'Answer # relative tolerance',
  'fields.#.tolerance.absolute': 'Answer # absolute tolerance',
};
