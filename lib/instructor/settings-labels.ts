// Shared by the settings and extension forms and their server checks (no server imports: the forms load it).

/** The settings form's labels, so error messages name fields as the form does. */
export const SETTINGS_LABELS = {
  deadline: 'Deadline',
  lateWindowHours: 'Late window (hours)',
  latePenaltyPercentPerDay: 'Late penalty (% per started day)',
  maxAttempts: 'Max attempts',
  cooldownMinutes: 'Minutes between graded submissions',
  dailyCap: 'Attempts per day',
  revealPrivate: 'Reveal the private leaderboard',
} as const;
export const EXTENSION_LABELS = { studentId: 'Student', deadline: 'New deadline' } as const;
