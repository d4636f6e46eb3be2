import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { saveScreenshot, startPlatform, type Platform } from './platform';

// The interface in Vietnamese or English: chosen from the browser's
// Accept-Language, switched in the header, remembered for the user (in this
// browser by a cookie, in a new browser from their account).

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({ redisUrl: `${inject('redisUrl')}/10` });
});
afterAll(async () => {
  await platform?.stop();
});

const header = (page: import('playwright-core').Page) => page.locator('header.nav');

describe('language', () => {
  it('speaks Vietnamese to a Vietnamese browser and English to an English one, before signing in', async () => {
    const vi = await platform.newPage({ locale: 'vi-VN' });
    await vi.goto('/signin');
    expect(await vi.locator('html').getAttribute('lang')).toBe('vi');
    expect(await vi.locator('h1').textContent()).toBe('Đăng nhập');
    expect(await vi.getByLabel('Mật khẩu').count()).toBe(1);
    expect(await vi.title()).toBe('Đăng nhập · ConvGrade');
    const en = await platform.newPage({ locale: 'en-GB' });
    await en.goto('/signin');
    expect(await en.locator('html').getAttribute('lang')).toBe('en');
    expect(await en.locator('h1').textContent()).toBe('Sign in');
    // A language we do not have falls back to English.
    const fr = await platform.newPage({ locale: 'fr-FR' });
    await fr.goto('/signin');
    expect(await fr.locator('h1').textContent()).toBe('Sign in');
    for (const p of [vi, en, fr]) await p.context().close();
  });

  it('translates the pages a student uses every day, and shows a prompt written in Vietnamese', async () => {
    const page = await platform.newPage({ locale: 'vi-VN' });
    await platform.signIn(page, 'student');
    await page.goto('/');
    expect(await header(page).getByRole('link', { name: 'Bài tập' }).count()).toBe(1);
    expect(await header(page).getByRole('button', { name: 'Đăng xuất' }).count()).toBe(1);
    expect(await page.locator('main h2').first().textContent()).toMatch(/^Tuần 1: /);
    await page.goto('/exercises');
    expect(await page.locator('main th').allTextContents()).toEqual(expect.arrayContaining(['Bài tập', 'Điểm cao nhất', 'Hạn nộp', 'Nộp muộn', 'Lượt nộp']));
    await page.goto('/exercises/maxpool2');
    expect(await page.locator('.markdown h1').textContent()).toBe('MaxPool2: max pooling với cửa sổ 2×2');
    expect(await page.getByRole('heading', { name: 'Mã nguồn của bạn' }).count()).toBe(1);
    // The numeric prompt is in Vietnamese with the student's own numbers.
    await page.goto('/exercises/conv-output-size');
    expect(await page.locator('.markdown').textContent()).toContain('Đầu ra có kích thước bao nhiêu?');
    // A typo in an answer is explained in Vietnamese, beside its field, by the server (nothing is counted).
    await page.locator('input[name="height"]').fill('3,5');
    await page.getByRole('button', { name: 'Kiểm tra đáp án' }).click();
    const answerForm = page.locator('form', { has: page.locator('input[name="height"]') });
    await expect.poll(() => answerForm.getByRole('alert').textContent()).toBe('Một số câu trả lời không phải là số; không có câu nào được tính.');
    expect(await answerForm.locator('.field-error').first().textContent()).toBe('Dùng dấu chấm cho phần thập phân và không dùng dấu phân cách hàng nghìn (ví dụ 51264 hoặc 3.5).');
    // An exercise with no Vietnamese prompt shows the English one rather than nothing.
    await page.goto('/exercises/conv3x3');
    expect((await page.locator('.markdown').textContent())!.length).toBeGreaterThan(100);
    await page.goto('/leaderboard');
    expect(await page.locator('h1').textContent()).toBe('Bảng xếp hạng');
    await saveScreenshot(page, 'leaderboard-1366-vi');
    await page.context().close();
  });

  it('translates the instructor’s exercise list, exercise page, settings form and numeric editor', async () => {
    const page = await platform.newPage({ locale: 'vi-VN' });
    await platform.signIn(page, 'instructor');
    await page.goto('/instructor/exercises');
    const list = page.getByTestId('exercise-list');
    expect(await list.locator('th').allTextContents()).toEqual(expect.arrayContaining(['Bài tập', 'Loại', 'Giới hạn', 'Bài nộp']));
    const conv3x3 = list.locator('tr', { has: page.locator('a[href="/instructor/exercises/conv3x3"]') });
    expect(await conv3x3.textContent()).toContain('lập trình');
    expect(await conv3x3.textContent()).toMatch(/tuần \d/);
    expect(await conv3x3.getByRole('link', { name: 'Độ tương đồng' }).count()).toBe(1);
    await page.goto('/instructor/exercises/conv3x3');
    expect(await page.getByTestId('stats').textContent()).toMatch(/\d+ sinh viên, \d+ bài đã chấm/);
    expect(await page.getByRole('heading', { name: 'Các test sai nhiều nhất' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Chấm lại tất cả bài nộp' }).count()).toBe(1);
    expect(await page.getByTestId('submissions').locator('th').allTextContents()).toEqual(expect.arrayContaining(['Thời gian', 'Sinh viên', 'Trạng thái', 'Điểm']));
    // The settings form: its labels, and a validation error from the server naming the field as the form labels it.
    const form = page.getByTestId('settings-form');
    expect(await form.locator('label').allTextContents()).toEqual(expect.arrayContaining(['Số lần nộp tối đa', 'Số lần nộp mỗi ngày', expect.stringMatching(/^Hạn nộp \(/)]));
    const penalty = page.getByLabel(/^Trừ điểm nộp muộn/);
    const penaltyLabel = (await form.locator('label[for="s-latePenaltyPercentPerDay"]').textContent())!;
    await penalty.fill('120');
    await form.getByRole('button', { name: 'Lưu cài đặt' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe(`${penaltyLabel} phải nhỏ hơn hoặc bằng 100.`);
    expect(await page.locator('#s-latePenaltyPercentPerDay-error').textContent()).toBe(`${penaltyLabel} phải nhỏ hơn hoặc bằng 100.`);
    expect((await platform.db.exercise.findUniqueOrThrow({ where: { id: 'conv3x3' } })).latePenaltyPercentPerDay).not.toBe(120);
    expect(await page.getByTestId('extensions').getByRole('button', { name: 'Gia hạn' }).count()).toBe(1);
    for (const english of ['Max attempts', 'Save settings', 'must be at most', 'Give extension']) expect((await page.locator('main').textContent())!).not.toContain(english);
    const stats = (await page.getByTestId('stats').textContent())!;
    for (const english of ['graded submissions', 'Most-failed', 'Best score', 'at full marks']) expect(stats).not.toContain(english);
    const text = (await page.locator('main').textContent())!;
    for (const english of ['Regrade all', 'Similarity report', 'visible tests']) expect(text).not.toContain(english);
    // The numeric editor: its labels, and its own checks, name fields the same way.
    await page.goto('/instructor/editor');
    expect(await page.getByLabel('Tên tham số 1').count()).toBe(1);
    await page.getByRole('button', { name: 'Lưu bài tập' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/^Chưa có gì được lưu: \d+ phần của bài tập cần sửa/);
    expect(await page.getByTestId('numeric-editor').textContent()).toContain('Tiêu đề là bắt buộc.');
    await page.context().close();
  });

  it('gives the deadline, countdown and late rule in Vietnamese, with Vietnamese digits', async () => {
    const deadline = new Date(Date.now() + 3 * 86_400_000 + 3_600_000);
    const before = await platform.db.exercise.findUniqueOrThrow({ where: { id: 'maxpool2' }, select: { deadline: true, lateWindowHours: true, latePenaltyPercentPerDay: true } });
    await platform.db.exercise.update({ where: { id: 'maxpool2' }, data: { deadline, lateWindowHours: 48, latePenaltyPercentPerDay: 12.5 } });
    try {
      const page = await platform.newPage({ locale: 'vi-VN' });
      await platform.signIn(page, 'student');
      await page.goto('/exercises/maxpool2');
      expect(await page.getByTestId('countdown').textContent()).toMatch(/^còn 3 ngày( \d+ giờ)?$/);
      expect(await page.getByTestId('late-policy').textContent()).toMatch(/^Bài nộp muộn bị trừ 12,5 % điểm cho mỗi ngày muộn .*, nhận đến \d{4}-\d\d-\d\d \d\d:\d\d/);
      await page.goto('/exercises');
      expect(await page.locator('tr[data-exercise="maxpool2"]').getByTestId('deadline').textContent()).toMatch(/còn 3 ngày/);
      await page.context().close();
    } finally {
      await platform.db.exercise.update({ where: { id: 'maxpool2' }, data: before });
    }
  });

  it('switches language from the header, keeps it after a reload, and follows the user to a new browser', async () => {
    const page = await platform.newPage({ locale: 'vi-VN' });
    await platform.signIn(page, 'student2');
    await page.goto('/exercises');
    expect(await page.locator('h1').textContent()).toBe('Bài tập');
    await page.getByLabel('Ngôn ngữ', { exact: true }).selectOption('en');
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 15_000 }).toBe('Exercises');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await header(page).getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    await page.reload();
    expect(await page.locator('h1').textContent()).toBe('Exercises');
    const row = await platform.db.user.findUniqueOrThrow({ where: { email: 'student2@convgrade.local' } });
    expect(row.locale).toBe('en');
    await page.context().close();

    // A fresh browser that asks for Vietnamese: the account's choice wins once signed in.
    const other = await platform.newPage({ locale: 'vi-VN' });
    await other.goto('/signin');
    expect(await other.locator('h1').textContent()).toBe('Đăng nhập');
    await platform.signIn(other, 'student2');
    await other.goto('/exercises');
    expect(await other.locator('h1').textContent()).toBe('Exercises');
    // And back to Vietnamese, from the same switch.
    await other.getByLabel('Language', { exact: true }).selectOption('vi');
    await expect.poll(() => other.locator('h1').textContent(), { timeout: 15_000 }).toBe('Bài tập');
    await other.context().close();
  });

  it('formats numbers and dates the reader’s way (a leaderboard entry)', async () => {
    // A scored model submission, written as the result recorder writes one (training it would take minutes).
    const student = await platform.db.user.findUniqueOrThrow({ where: { email: 'student@convgrade.local' } });
    const created = new Date('2026-03-05T15:30:00Z');
    await platform.db.submission.create({
      data: {
        userId: student.id, exerciseId: 'mnist-challenge', exerciseVersion: 'test', kind: 'model', payload: '{}',
        status: 'graded', score: 9, maxScore: 10, gradable: true, createdAt: created,
        results: { create: { runKey: '1', score: 9, maxScore: 10, gradable: true, json: JSON.stringify({ extra_data: { publicAccuracy: 0.98765, params: 1234567, seconds: 12.5 } }) } },
      },
    });
    const cells = async (locale: string) => {
      const page = await platform.newPage({ locale });
      await platform.signIn(page, 'student');
      await page.goto('/leaderboard');
      const row = await page.getByTestId('leaderboard').locator('tbody tr').first().locator('td').allTextContents();
      await page.context().close();
      return row;
    };
    const en = await cells('en-US');
    const vi = await cells('vi-VN');
    expect(en.slice(2, 5)).toEqual(['98.77%', '1,234,567', '12.5 s']);
    expect(vi.slice(2, 5)).toEqual(['98,77%', '1.234.567', '12,5 giây']);
    expect(en[5]).not.toBe(vi[5]);
    // Day before month in Vietnamese, in the course's time zone (Asia/Ho_Chi_Minh, UTC+7: 15:30 UTC is 22:30).
    expect(vi[5]).toMatch(/22:30/);
    expect(vi[5]).toMatch(/\b0?5\/0?3\//);
    expect(en[5]).toContain('3/5/26');
  });

  it('rejects a language it does not have, with a message', async () => {
    const res = await fetch(`${platform.url}/api/locale`, { method: 'POST', headers: { 'content-type': 'application/json', origin: platform.url }, body: JSON.stringify({ locale: 'xx' }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'invalid_input', error: 'Choose one of: en, vi.' });
    expect(res.headers.get('set-cookie')).toBeNull();
    // An API error is written in the asker's language too: the switch's cookie, else the browser's.
    const ask = (headers: Record<string, string>) =>
      fetch(`${platform.url}/api/locale`, { method: 'POST', headers: { 'content-type': 'application/json', origin: platform.url, ...headers }, body: JSON.stringify({ locale: 'xx' }) }).then((r) => r.json());
    expect((await ask({ 'accept-language': 'vi-VN,vi;q=0.9' })).error).toBe('Hãy chọn một trong các ngôn ngữ: en, vi.');
    expect((await ask({ 'accept-language': 'vi-VN', cookie: 'convgrade-locale=en' })).error).toBe('Choose one of: en, vi.');
  });
});
