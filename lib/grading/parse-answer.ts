// Turns what people type into numbers. A rejected answer is the student's typo,
// not a wrong answer: callers report the message and count no attempt.

import { msg, type Message, type MessageValue, type Text } from '../i18n/message';
import { renderText } from '../i18n/render';

/** A refusal says it in English (`error`) and as data for the student's language (`text`, messages/*.json answerErrors). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string; text: Text };

function refuse(key: string, values?: Record<string, MessageValue>): { ok: false; error: string; text: Message } {
  const text = msg(`answerErrors.${key}`, values);
  return { ok: false, error: renderText(text), text };
}

// Plain decimal or scientific notation: "127", "-3.5", ".5", "1e3", "2.5E-2".
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
// Minus signs people paste from documents (the course notes print −192).
const MINUS_LOOKALIKES = /[\u2212\u2012\u2013\uFE63\uFF0D]/g;

function quote(text: string): string {
  return JSON.stringify(text.length > 24 ? `${text.slice(0, 24)}…` : text);
}

export function parseNumber(input: unknown): Parsed<number> {
  if (typeof input === 'number') {
    return Number.isFinite(input) ? { ok: true, value: input } : refuse('finite');
  }
  if (input === undefined || input === null) return refuse('enterNumber');
  if (typeof input !== 'string') return refuse('enterNumber');
  const text = input.trim().replace(MINUS_LOOKALIKES, '-');
  if (text === '') return refuse('enterNumber');
  if (/^[+-]?(nan|inf(inity)?)$/i.test(text)) {
    return refuse('noNaN');
  }
  if (/\s/.test(text)) return refuse('spaces', { got: quote(text) });
  if (/^[+-]?[\d.]*,[\d,.]*$/.test(text)) {
    return refuse('comma');
  }
  if (!NUMBER.test(text)) return refuse('notNumber', { got: quote(text) });
  const value = Number(text);
  if (!Number.isFinite(value)) return refuse('tooLarge');
  return { ok: true, value };
}

export function parseInteger(input: unknown): Parsed<number> {
  const parsed = parseNumber(input);
  if (!parsed.ok) return parsed;
  if (!Number.isInteger(parsed.value)) {
    return refuse('whole');
  }
  if (!Number.isSafeInteger(parsed.value)) return refuse('tooLarge');
  return parsed;
}

/**
 * A matrix as posted by a form (string[][]), sent as JSON (number[][]), or typed
 * into one text box: rows separated by newlines or ';', cells by spaces or commas
 * ("1 2; 3 4"), or a JSON array literal ("[[1,2],[3,4]]").
 */
export function parseMatrix(input: unknown, shape: { rows: number; cols: number }): Parsed<number[][]> {
  let grid: unknown = input;
  if (typeof input === 'string') {
    const text = input.trim();
    if (text === '') return refuse('enterMatrix', { rows: shape.rows, cols: shape.cols });
    if (text.startsWith('[')) {
      try {
        grid = JSON.parse(text);
      } catch {
        return refuse('matrixJson');
      }
    } else {
      grid = text
        .split(/\s*(?:;|\r?\n)\s*/)
        .filter((row) => row !== '')
        .map((row) => row.split(/[\s,]+/));
    }
  }
  if (!Array.isArray(grid) || !grid.every(Array.isArray)) {
    return refuse('matrixRows', { rows: shape.rows, cols: shape.cols });
  }
  const rows = grid as unknown[][];
  if (rows.length !== shape.rows || rows.some((r) => r.length !== shape.cols)) {
    const got = rows.map((r) => r.length).join(', ');
    return got ? refuse('matrixShape', { rows: shape.rows, cols: shape.cols, got: rows.length, lengths: got }) : refuse('matrixShapeEmpty', { rows: shape.rows, cols: shape.cols });
  }
  const value: number[][] = [];
  const problems: Message[] = [];
  rows.forEach((row, i) => {
    value.push(
      row.map((cell, j) => {
        const parsed = parseNumber(cell);
        if (parsed.ok) return parsed.value;
        problems.push(msg('answerErrors.cell', { row: i + 1, column: j + 1, problem: parsed.text as Message }));
        return NaN;
      }),
    );
  });
  if (problems.length) return { ok: false, error: renderText(problems), text: problems };
  return { ok: true, value };
}
