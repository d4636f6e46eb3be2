import type { Rule } from './limiter';

// Every limit in one place. Sign-in: 10 failures in 15 minutes, per account
// and per address (a whole class behind one NAT shares the address limit).
export const SIGNIN_ACCOUNT: Rule = { name: 'signin-account', points: 10, durationSeconds: 15 * 60 };
export const SIGNIN_IP: Rule = { name: 'signin-ip', points: 10, durationSeconds: 15 * 60 };
/** accounts created (or attempted) from one address per hour */
export const SIGNUP_IP: Rule = { name: 'signup-ip', points: 30, durationSeconds: 3600 };
/** wrong invite codes from one address per hour */
export const INVITE_IP: Rule = { name: 'invite-ip', points: 10, durationSeconds: 3600 };

/** Per student and exercise, the instructor's number per hour. */
export const visibleRuns = (perHour: number): Rule => ({ name: 'visible-runs', points: perHour, durationSeconds: 3600 });
export const numericAnswers = (perHour: number): Rule => ({ name: 'answers', points: perHour, durationSeconds: 3600 });
