import { msg } from '../i18n/message';
import type { FieldLabels } from '../forms/messages';

// Shared by the settings and extension forms and their server checks (no server
// imports: the forms load it). Labels are messages/*.json keys, so a form shows
// them, and its error sentences name them, in the reader's language.

/** The settings form's labels, so error messages name fields as the form does. */
export const SETTINGS_LABELS = {
  deadline: msg('settingsForm.deadline'),
  lateWindowHours: msg('settingsForm.lateWindowHours'),
  latePenaltyPercentPerDay: msg('settingsForm.latePenaltyPercentPerDay'),
  maxAttempts: msg('settingsForm.maxAttempts'),
  cooldownMinutes: msg('settingsForm.cooldownMinutes'),
  dailyCap: msg('settingsForm.dailyCap'),
  revealPrivate: msg('settingsForm.revealPrivate'),
  visibleRunsPerHour: msg('settingsForm.visibleRunsPerHour'),
  answersPerHour: msg('settingsForm.answersPerHour'),
  uploadedWeightsBoard: msg('settingsForm.uploadedWeightsBoard'),
} as const satisfies FieldLabels;
export const EXTENSION_LABELS = { studentId: msg('extensionsForm.student'), deadline: msg('extensionsForm.newDeadline') } as const satisfies FieldLabels;
