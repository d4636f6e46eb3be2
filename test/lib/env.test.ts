import { describe, expect, it } from 'vitest';
import { EnvError, authSecret, databaseFileUrl, parseEnv } from '../../lib/env';

describe('env', () => {
  it('has embedded defaults for a local run', () => {
    const e = parseEnv({});
    expect(e.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(e.PORT).toBe(3000);
    expect(e.WORKER_QUEUES).toEqual(['grade', 'train']);
    expect(databaseFileUrl(e)).toMatch(/^file:.*data\/convgrade\.db$/);
  });

  it('parses and coerces values', () => {
    const e = parseEnv({ PORT: '8080', WORKER_QUEUES: 'train', GRADE_CONCURRENCY: '4', DATABASE_URL: 'file:/tmp/x.db' });
    expect(e.PORT).toBe(8080);
    expect(e.WORKER_QUEUES).toEqual(['train']);
    expect(e.GRADE_CONCURRENCY).toBe(4);
    expect(databaseFileUrl(e)).toBe('file:/tmp/x.db');
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ PORT: '' }).PORT).toBe(3000);
  });

  it('names the variable and the problem for a bad value', () => {
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(EnvError);
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/PORT="eighty"/);
    expect(() => parseEnv({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL.*redis:\/\//);
    expect(() => parseEnv({ WORKER_QUEUES: 'grade,gpu' })).toThrow(/WORKER_QUEUES/);
    expect(() => parseEnv({ DATABASE_URL: 'postgres://x' })).toThrow(/DATABASE_URL/);
  });

  it('requires an invite code in invite-only mode', () => {
    expect(() => parseEnv({ SIGNUP_MODE: 'invite' })).toThrow(/INVITE_CODE/);
    expect(parseEnv({ SIGNUP_MODE: 'invite', INVITE_CODE: 'cnn-2026' }).SIGNUP_MODE).toBe('invite');
  });

  it('requires a real secret in production', () => {
    expect(() => authSecret(parseEnv({ NODE_ENV: 'production' }))).toThrow(/NEXTAUTH_SECRET/);
    expect(authSecret(parseEnv({ NODE_ENV: 'production', NEXTAUTH_SECRET: 'a-long-enough-secret' }))).toBe('a-long-enough-secret');
  });
});
