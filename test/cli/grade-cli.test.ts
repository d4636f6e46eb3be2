import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeControl, jsonForTerminal } from '../../cli/print';

// `convgrade grade` prints what a submission wrote: terminal control sequences in it
// must reach the instructor's terminal as visible text, never as commands.

const root = path.resolve(import.meta.dirname, '..', '..');
function convgrade(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', [path.join(root, 'bin', 'convgrade.js'), ...args], { cwd: root, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
// clear screen, a window title (OSC 0), a clipboard write (OSC 52), a carriage return
// drawing over the line, an 8-bit CSI, and a right-to-left override
const HOSTILE = '\u001b[2J\u001b]0;pwned\u0007\u001b]52;c;ZWNobyBodW5n\u0007\rScore: 10 / 10\u009b31m\u202e';
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('CLI printing of student text', () => {
  it('escapes controls and keeps newlines and tabs', () => {
    expect(escapeControl('a\tb\nc')).toBe('a\tb\nc');
    expect(escapeControl(HOSTILE)).toBe('\\e[2J\\e]0;pwned\\x07\\e]52;c;ZWNobyBodW5n\\x07\\rScore: 10 / 10\\x9b31m\\u202e');
    const json = jsonForTerminal({ s: HOSTILE });
    expect(json).not.toMatch(CONTROL);
    expect(JSON.parse(json)).toEqual({ s: HOSTILE });
  });

  it('convgrade grade: prints at load and during a case arrive escaped, in text and --json', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-cli-grade-'));
    try {
      const seed = fs.readFileSync(path.join(root, 'test/fixtures/seed/conv3x3.py'), 'utf8');
      const file = path.join(dir, 'attack.py');
      const hostile = JSON.stringify(HOSTILE).replace(/\\u001b/g, '\\x1b');
      fs.writeFileSync(file, `print(${hostile})\n${seed.replace('        self.last_input = input\n', `        self.last_input = input\n        print(${hostile})\n`)}`);
      const text = await convgrade(['grade', 'conv3x3', file, '--visible']);
      expect(text.code).toBe(0);
      expect(text.stdout).not.toMatch(CONTROL);
      expect(text.stdout).toContain('\\e]52;c;ZWNobyBodW5n');
      // the fake score stays on the line of the print that carried it
      expect(text.stdout.split('\n').filter((l) => l.startsWith('Score:'))).toEqual([expect.stringMatching(/^Score: 3 \/ 3/)]);
      const json = await convgrade(['grade', 'conv3x3', file, '--visible', '--json']);
      expect(json.stdout).not.toMatch(CONTROL);
      expect(JSON.parse(json.stdout).output).toContain(HOSTILE);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
