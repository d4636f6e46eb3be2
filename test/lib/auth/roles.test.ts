import { describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/errors';
import { asRole, canViewSubmission, requireInstructor, requireUser, type SessionUser } from '../../../lib/auth/roles';
import { hashPassword, verifyPassword } from '../../../lib/auth/password';

const student: SessionUser = { id: 'u1', email: 's@x', name: 'S', role: 'student' };
const other: SessionUser = { id: 'u2', email: 't@x', name: 'T', role: 'student' };
const teacher: SessionUser = { id: 'u3', email: 'i@x', name: 'I', role: 'instructor' };

describe('role checks', () => {
  it('rejects anonymous users with 401', () => {
    expect(() => requireUser(null)).toThrow(AppError);
    try {
      requireUser(undefined);
    } catch (e) {
      expect((e as AppError).code).toBe('unauthenticated');
    }
  });

  it('lets only instructors through instructor checks (403 for students)', () => {
    expect(requireInstructor(teacher)).toBe(teacher);
    try {
      requireInstructor(student);
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe('forbidden');
    }
  });

  it('shows a submission only to its owner or an instructor', () => {
    expect(canViewSubmission(student, { userId: 'u1' })).toBe(true);
    expect(canViewSubmission(other, { userId: 'u1' })).toBe(false);
    expect(canViewSubmission(teacher, { userId: 'u1' })).toBe(true);
  });

  it('never grants instructor from an unknown role value', () => {
    expect(asRole('admin')).toBe('student');
    expect(asRole('instructor')).toBe('instructor');
  });

  it('hashes passwords and verifies them', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('wrong horse', hash)).toBe(false);
    expect(await verifyPassword('anything', null)).toBe(false);
  });
});
