import { describe, expect, it } from 'vitest';
import {
  checkTrainingChoice,
  countingSubmission,
  isPrivateRevealed,
  modelPayload,
  rankBoards,
  rankLeaderboard,
  submissionsCloseAt,
  UPLOADED_WEIGHTS_PREFIX,
  ZMnistSettings,
  type ScoredSubmission,
} from '../../../lib/model';
import { createTestDb } from '../../helpers/test-db';
import { makeUser } from '../../helpers/fixtures';
import { syncContent } from '../../../lib/sync/sync-content';
import { recordResult } from '../../../lib/queue/recorder';
import { leaderboardFor } from '../../../lib/instructor/leaderboard-rows';
import { chooseForLeaderboard } from '../../../lib/submissions/choose';
import { type SessionUser } from '../../../lib/auth/roles';
import { AppError } from '../../../lib/errors';
import type { GradeResult } from '../../../lib/grading/results';

const at = (iso: string) => new Date(iso);
const sub = (id: string, studentId: string, createdAt: string, publicAccuracy: number, privateAccuracy?: number): ScoredSubmission => ({
  id,
  studentId,
  createdAt: at(createdAt),
  publicAccuracy,
  privateAccuracy,
});

describe('leaderboard ordering', () => {
  const subs = [
    sub('a1', 'ann', '2026-11-01T10:00:00Z', 0.97, 0.95),
    sub('a2', 'ann', '2026-11-02T10:00:00Z', 0.98, 0.96),
    sub('b1', 'bob', '2026-11-01T09:00:00Z', 0.98, 0.99),
    sub('c1', 'cat', '2026-11-01T08:00:00Z', 0.9, 0.97),
  ];

  it('higher public accuracy first; a tie goes to the earlier submission', () => {
    const rows = rankLeaderboard({ submissions: subs, revealed: false });
    expect(rows.map((r) => [r.rank, r.studentId, r.submission.id])).toEqual([
      [1, 'bob', 'b1'], // 0.98 at 09:00 on the 1st beats ann's 0.98 on the 2nd
      [2, 'ann', 'a2'],
      [3, 'cat', 'c1'],
    ]);
    expect(rows.every((r) => !r.privateShown)).toBe(true);
  });

  it("a student's counting submission is the chosen one, else the best public", () => {
    expect(countingSubmission(subs.filter((s) => s.studentId === 'ann'))!.id).toBe('a2');
    expect(countingSubmission(subs.filter((s) => s.studentId === 'ann'), 'a1')!.id).toBe('a1');
    expect(countingSubmission(subs.filter((s) => s.studentId === 'ann'), 'b1')!.id).toBe('a2'); // not hers
    const rows = rankLeaderboard({ submissions: subs, choices: { ann: 'a1' }, revealed: false });
    expect(rows.find((r) => r.studentId === 'ann')!.submission.id).toBe('a1');
  });

  it('after the reveal the private accuracy ranks', () => {
    const rows = rankLeaderboard({ submissions: subs, revealed: true });
    expect(rows.map((r) => r.studentId)).toEqual(['bob', 'cat', 'ann']);
    expect(rows[1]!.accuracy).toBe(0.97);
    expect(rows.every((r) => r.privateShown)).toBe(true);
  });

  it('private accuracy is revealed by the instructor, or once the last submission window has closed', () => {
    const now = at('2026-11-10T00:00:00Z');
    expect(isPrivateRevealed({ now })).toBe(false);
    expect(isPrivateRevealed({ now, closesAt: at('2026-11-11T00:00:00Z') })).toBe(false);
    // The closing instant itself still accepts a submission.
    expect(isPrivateRevealed({ now, closesAt: now })).toBe(false);
    expect(isPrivateRevealed({ now, closesAt: at('2026-11-09T23:59:59Z') })).toBe(true);
    expect(isPrivateRevealed({ now, revealedAt: at('2026-11-09T12:00:00Z'), closesAt: at('2026-12-01T00:00:00Z') })).toBe(true);
  });

  it('the last window closes after the latest extension plus the late window', () => {
    const deadline = at('2026-11-08T00:00:00Z');
    expect(submissionsCloseAt({ deadline: null, lateWindowHours: 48, extensions: [] })).toBeNull();
    expect(submissionsCloseAt({ deadline, lateWindowHours: 0, extensions: [] })).toEqual(deadline);
    expect(submissionsCloseAt({ deadline, lateWindowHours: 48, extensions: [] })).toEqual(at('2026-11-10T00:00:00Z'));
    const extensions = [{ deadline: at('2026-11-09T00:00:00Z') }, { deadline: at('2026-11-12T06:00:00Z') }];
    expect(submissionsCloseAt({ deadline, lateWindowHours: 48, extensions })).toEqual(at('2026-11-14T06:00:00Z'));
    // An extension never moves the close earlier.
    expect(submissionsCloseAt({ deadline, lateWindowHours: 0, extensions: [{ deadline: at('2026-11-01T00:00:00Z') }] })).toEqual(deadline);
  });

  it('uploaded weights are ranked apart from trained submissions, or left off', () => {
    const mixed = [
      { ...sub('t1', 'ann', '2026-11-01T10:00:00Z', 0.95) },
      { ...sub('u1', 'ann', '2026-11-01T11:00:00Z', 0.999), evaluatedOnly: true },
      { ...sub('u2', 'bob', '2026-11-01T12:00:00Z', 0.998), evaluatedOnly: true },
      { ...sub('t2', 'cat', '2026-11-01T09:00:00Z', 0.97) },
    ];
    const apart = rankBoards({ submissions: mixed, revealed: false, uploaded: 'apart' });
    // ann's uploaded 99.9% does not push her trained entry aside, nor outrank cat's trained model.
    expect(apart.trained.map((r) => [r.rank, r.submission.id])).toEqual([[1, 't2'], [2, 't1']]);
    expect(apart.evaluatedOnly!.map((r) => [r.rank, r.submission.id])).toEqual([[1, 'u1'], [2, 'u2']]);
    const hidden = rankBoards({ submissions: mixed, revealed: false, uploaded: 'hidden' });
    expect(hidden.evaluatedOnly).toBeNull();
    expect(hidden.trained.map((r) => r.submission.id)).toEqual(['t2', 't1']);
  });

  it('stores a model with its format first, so uploaded weights are found by prefix', () => {
    const settings = { epochs: 1 };
    expect(modelPayload({ model: { format: 'tfjs', content: '{}', weights: { 'a.bin': 'AAAA' } }, settings }).startsWith(UPLOADED_WEIGHTS_PREFIX)).toBe(true);
    for (const format of ['keras', 'spec']) expect(modelPayload({ model: { format, content: '{"format":"tfjs"}' }, settings }).startsWith(UPLOADED_WEIGHTS_PREFIX)).toBe(false);
  });
});

describe('training settings', () => {
  const settings = ZMnistSettings.parse({});
  it('form choices outside the bounds are reported', () => {
    expect(checkTrainingChoice({ settings, choice: { optimizer: 'adam', learningRate: 0.001, batchSize: 32, epochs: 1 } })).toEqual([]);
    const e = checkTrainingChoice({ settings, choice: { optimizer: 'adam', learningRate: 5, batchSize: 4096, epochs: 50 } });
    expect(e).toHaveLength(3);
  });
});

// The web app's real path: rows written by the result recorder, read and ranked by
// leaderboardFor, with the counting submission chosen through chooseForLeaderboard.
describe('leaderboard over the database', () => {
  const trained = (publicAccuracy: number, privateAccuracy: number, params = 13602, seconds = 12.5): GradeResult => ({
    score: 10,
    max_score: 20,
    output: '',
    tests: [],
    gradable: true,
    format_errors: [],
    extra_data: { publicAccuracy, privateAccuracy, testAccuracy: (publicAccuracy + privateAccuracy) / 2, params, seconds },
  });

  async function setup() {
    const { db } = createTestDb();
    await syncContent({ db });
    const users: Record<string, SessionUser> = {};
    for (const name of ['ann', 'bob', 'cat']) {
      const u = await makeUser(db, 'student', `${name}@t.local`);
      users[name] = { id: u.id, email: u.email, name: u.name, role: 'student' };
    }
    const submit = async (who: string, at: string, result: GradeResult | null, extra: { mode?: string; kind?: string; exerciseId?: string; payload?: string } = {}) => {
      const sub = await db.submission.create({
        data: {
          userId: users[who]!.id,
          exerciseId: extra.exerciseId ?? 'mnist-challenge',
          exerciseVersion: 'v1',
          kind: extra.kind ?? 'model',
          mode: extra.mode ?? 'submit',
          payload: extra.payload ?? modelPayload({ model: { format: 'keras', content: 'model = ...' }, settings: {} }),
          status: 'queued',
          createdAt: new Date(at),
        },
      });
      if (result) await recordResult({ db, submissionId: sub.id, run: 1, result });
      return sub.id;
    };
    const exercise = async () => db.exercise.findUniqueOrThrow({ where: { id: 'mnist-challenge' } });
    return { db, users, submit, exercise };
  }
  const now = new Date('2026-11-10T00:00:00Z');

  it('ranks best public accuracy per student, ties to the earlier submission, hides the private half until the reveal', async () => {
    const { db, users, submit, exercise } = await setup();
    const ann1 = await submit('ann', '2026-11-01T10:00:00Z', trained(0.97, 0.95));
    const ann2 = await submit('ann', '2026-11-02T10:00:00Z', trained(0.98, 0.96));
    const bob1 = await submit('bob', '2026-11-01T09:00:00Z', trained(0.98, 0.99, 5000, 3));
    const cat1 = await submit('cat', '2026-11-01T08:00:00Z', trained(0.9, 0.97));
    // never on the board: still queued, ungradable, a visible-test run, another exercise's
    await submit('cat', '2026-11-03T08:00:00Z', null);
    await submit('cat', '2026-11-03T09:00:00Z', { ...trained(0.99, 0.99), gradable: false, format_errors: ['bad'] });
    await submit('cat', '2026-11-03T10:00:00Z', trained(0.995, 0.995), { mode: 'visible' });

    const board = await leaderboardFor({ db, exercise: { ...(await exercise()), deadline: null, revealPrivate: false }, viewer: users.ann!, now });
    expect(board.showPrivate).toBe(false);
    expect(board.evaluatedOnly).toEqual([]);
    expect(board.rows.map((r) => [r.name, r.submissionId, r.accuracy])).toEqual([
      ['bob', bob1, 0.98],
      ['ann', ann2, 0.98],
      ['cat', cat1, 0.9],
    ]);
    expect(board.rows[0]).toMatchObject({ params: 5000, seconds: 3, userId: users.bob!.id });
    expect(board.rows.some((r) => r.submissionId === ann1)).toBe(false);

    const revealed = await leaderboardFor({ db, exercise: { ...(await exercise()), deadline: null, revealPrivate: true }, viewer: users.ann!, now });
    expect(revealed.showPrivate).toBe(true);
    expect(revealed.rows.map((r) => [r.name, r.accuracy])).toEqual([['bob', 0.99], ['cat', 0.97], ['ann', 0.96]]);
    // a passed deadline reveals it too, when no late window or extension is open
    const late = await leaderboardFor({ db, exercise: { ...(await exercise()), deadline: new Date('2026-11-09T00:00:00Z'), lateWindowHours: 0, revealPrivate: false }, viewer: users.ann!, now });
    expect(late.showPrivate).toBe(true);
  });

  it("a student's choice counts instead of their best, and a new choice replaces the old one", async () => {
    const { db, users, submit, exercise } = await setup();
    const ann1 = await submit('ann', '2026-11-01T10:00:00Z', trained(0.97, 0.95));
    const ann2 = await submit('ann', '2026-11-02T10:00:00Z', trained(0.98, 0.96));
    await submit('bob', '2026-11-01T09:00:00Z', trained(0.975, 0.9));
    const board = async () => (await leaderboardFor({ db, exercise: { ...(await exercise()), deadline: null, revealPrivate: false }, viewer: users.ann!, now })).rows;

    expect(await chooseForLeaderboard({ db, user: users.ann!, submissionId: ann1 })).toEqual({ chosen: ann1 });
    expect((await board()).map((r) => [r.name, r.submissionId])).toEqual([['bob', expect.any(String)], ['ann', ann1]]);
    await chooseForLeaderboard({ db, user: users.ann!, submissionId: ann2 });
    expect((await board())[0]!.submissionId).toBe(ann2);
    expect(await db.submission.count({ where: { userId: users.ann!.id, chosen: true } })).toBe(1);
  });

  it("refuses to choose someone else's submission, or one that was not trained and scored", async () => {
    const { users, submit, db } = await setup();
    const bob1 = await submit('bob', '2026-11-01T09:00:00Z', trained(0.98, 0.99));
    const queued = await submit('ann', '2026-11-03T08:00:00Z', null);
    const ungradable = await submit('ann', '2026-11-03T09:00:00Z', { ...trained(0.99, 0.99), gradable: false, format_errors: ['bad'] });
    const code = await submit('ann', '2026-11-03T10:00:00Z', trained(0.99, 0.99), { kind: 'code', exerciseId: 'conv3x3' });

    await expect(chooseForLeaderboard({ db, user: users.ann!, submissionId: bob1 })).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'not_found');
    for (const id of [queued, ungradable, code]) {
      await expect(chooseForLeaderboard({ db, user: users.ann!, submissionId: id })).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'conflict');
    }
    expect(await db.submission.count({ where: { chosen: true } })).toBe(0);
  });

  const uploadedPayload = modelPayload({ model: { format: 'tfjs', content: '{}', weights: { 'group1-shard1of1.bin': 'AAAA' } }, settings: {} });

  it('keeps the private half hidden while an extension or a late window is still open', async () => {
    const { db, users, submit, exercise } = await setup();
    await submit('ann', '2026-11-01T10:00:00Z', trained(0.97, 0.95));
    const ex = await exercise();
    await db.exercise.update({ where: { id: ex.id }, data: { deadline: new Date('2026-11-08T00:00:00Z'), lateWindowHours: 24 } });
    const board = async (at: string) => leaderboardFor({ db, exercise: await exercise(), viewer: users.ann!, now: new Date(at) });
    // The base deadline has passed but the late window has not.
    expect((await board('2026-11-08T12:00:00Z')).showPrivate).toBe(false);
    expect((await board('2026-11-09T00:00:01Z')).showPrivate).toBe(true);
    // Bob's extension (plus his late window) keeps it hidden until his window closes.
    await db.extension.create({ data: { userId: users.bob!.id, exerciseId: ex.id, deadline: new Date('2026-11-10T00:00:00Z') } });
    expect((await board('2026-11-09T00:00:01Z')).showPrivate).toBe(false);
    expect((await board('2026-11-10T23:00:00Z')).showPrivate).toBe(false);
    const after = await board('2026-11-11T00:00:01Z');
    expect(after.showPrivate).toBe(true);
    expect(after.closesAt).toEqual(new Date('2026-11-11T00:00:00Z'));
    expect(after.rows[0]!.accuracy).toBe(0.95);
  });

  it('refuses a new choice once the private half is revealed, by the instructor or by the last window closing', async () => {
    const { db, users, submit, exercise } = await setup();
    const ann1 = await submit('ann', '2026-11-01T10:00:00Z', trained(0.97, 0.95));
    const ann2 = await submit('ann', '2026-11-02T10:00:00Z', trained(0.96, 0.99));
    const ex = await exercise();
    await db.exercise.update({ where: { id: ex.id }, data: { deadline: new Date('2026-11-08T00:00:00Z'), lateWindowHours: 0 } });
    await db.extension.create({ data: { userId: users.cat!.id, exerciseId: ex.id, deadline: new Date('2026-11-12T00:00:00Z') } });
    // Base deadline passed, cat still working: choosing is still open.
    expect(await chooseForLeaderboard({ db, user: users.ann!, submissionId: ann1, now: new Date('2026-11-10T00:00:00Z') })).toEqual({ chosen: ann1 });
    const late = await chooseForLeaderboard({ db, user: users.ann!, submissionId: ann2, now: new Date('2026-11-12T00:00:01Z') }).catch((e) => e);
    expect(late).toBeInstanceOf(AppError);
    expect(late.code).toBe('conflict');
    expect(late.message).toMatch(/revealed, so choices are final/);
    await db.exercise.update({ where: { id: ex.id }, data: { revealPrivate: true } });
    const early = await chooseForLeaderboard({ db, user: users.ann!, submissionId: ann2, now: new Date('2026-11-09T00:00:00Z') }).catch((e) => e);
    expect(early.code).toBe('conflict');
    // The earlier choice stands.
    expect((await db.submission.findMany({ where: { userId: users.ann!.id, chosen: true } })).map((x) => x.id)).toEqual([ann1]);
  });

  it('marks uploaded weights "evaluated only" and ranks them apart, or leaves them off when the exercise says so', async () => {
    const { db, users, submit, exercise } = await setup();
    const annTrained = await submit('ann', '2026-11-01T10:00:00Z', trained(0.95, 0.95));
    const annUploaded = await submit('ann', '2026-11-01T11:00:00Z', trained(0.999, 0.999), { payload: uploadedPayload });
    const bobUploaded = await submit('bob', '2026-11-01T12:00:00Z', trained(0.998, 0.998), { payload: uploadedPayload });
    const apart = await leaderboardFor({ db, exercise: await exercise(), viewer: users.ann!, now });
    expect(apart.rows.map((r) => [r.submissionId, r.evaluatedOnly])).toEqual([[annTrained, false]]);
    expect(apart.evaluatedOnly!.map((r) => [r.submissionId, r.evaluatedOnly])).toEqual([[annUploaded, true], [bobUploaded, true]]);
    await db.exercise.update({ where: { id: 'mnist-challenge' }, data: { uploadedWeightsBoard: 'hidden' } });
    const hidden = await leaderboardFor({ db, exercise: await exercise(), viewer: users.ann!, now });
    expect(hidden.evaluatedOnly).toBeNull();
    expect(hidden.rows.map((r) => r.submissionId)).toEqual([annTrained]);
  });
});

