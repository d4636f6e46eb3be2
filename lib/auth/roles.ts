// Role checks shared by pages, route handlers and server actions. The server
// always checks; hiding a link in the UI is only a courtesy.

import { AppError } from '../errors';
import { msg } from '../i18n/message';

export type Role = 'student' | 'instructor';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export function asRole(value: unknown): Role {
  return value === 'instructor' ? 'instructor' : 'student';
}

export function requireUser(user: SessionUser | null | undefined): SessionUser {
  if (!user) throw new AppError('unauthenticated', msg('apiErrors.signInFirst'));
  return user;
}

export function requireInstructor(user: SessionUser | null | undefined): SessionUser {
  const u = requireUser(user);
  if (u.role !== 'instructor') throw new AppError('forbidden', msg('apiErrors.instructorsOnly'));
  return u;
}

/** A student sees only their own submissions; an instructor sees all. */
export function canViewSubmission(user: SessionUser, submission: { userId: string }): boolean {
  return user.role === 'instructor' || submission.userId === user.id;
}
