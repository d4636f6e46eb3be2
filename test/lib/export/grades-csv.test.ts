import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { exportGradesCsv, safeText } from '../../../lib/export/grades-csv';

const students = [
  { id: 's1', name: 'Nguyễn Văn An', email: 'an@example.edu' },
  { id: 's2', name: 'O\'Brien, "Bo"\nJr.', email: 'bo@example.edu', section: 'Lab A', sisUserId: '2024-001' },
  { id: 's3', name: '=HYPERLINK("http://x")', email: 'eve@example.edu', canvasUserId: '987' },
];
const exercises = [
  { id: 'conv-output', title: 'Conv output size', points: 2 },
  { id: 'conv3x3', title: 'Conv3x3, forward', points: 10, canvasAssignmentId: '4411' },
  { id: 'lenet-params', title: 'LeNet params', points: 3.5 },
];
const scores = [
  { studentId: 's1', exerciseId: 'conv-output', score: 2 },
  { studentId: 's1', exerciseId: 'conv3x3', score: 7.123456 },
  { studentId: 's1', exerciseId: 'conv3x3', score: 6 }, // lower duplicate: the best counts
  { studentId: 's2', exerciseId: 'lenet-params', score: 3.5 },
  { studentId: 's3', exerciseId: 'conv-output', score: 0 },
];

const readBack = (csv: string) => parse(csv, { bom: true, relax_column_count: false }) as string[][];

describe('exportGradesCsv', () => {
  it('writes the Canvas gradebook layout and reads back cell for cell', () => {
    const rows = readBack(exportGradesCsv({ format: 'canvas', students, exercises, scores }));
    expect(rows[0]).toEqual(['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', 'Conv output size', 'Conv3x3, forward (4411)', 'LeNet params']);
    expect(rows[1]).toEqual(['Points Possible', '', '', '', '', '2', '10', '3.5']);
    expect(rows).toHaveLength(2 + students.length);
    expect(rows[2]).toEqual(['Nguyễn Văn An', '', '', 'an@example.edu', '', '2', '7.1235', '']);
    expect(rows[3]).toEqual(['O\'Brien, "Bo"\nJr.', '', '2024-001', 'bo@example.edu', 'Lab A', '', '', '3.5']);
    expect(rows[4]).toEqual(['\'=HYPERLINK("http://x")', '987', '', 'eve@example.edu', '', '0', '', '']);
  });

  it('writes Moodle rows keyed by email, without a total column', () => {
    const rows = readBack(exportGradesCsv({ format: 'moodle', students, exercises, scores }));
    expect(rows[0]).toEqual(['Email address', 'Full name', 'Conv output size', 'Conv3x3, forward', 'LeNet params']);
    const byEmail = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(byEmail.get('an@example.edu')).toEqual(['an@example.edu', 'Nguyễn Văn An', '2', '7.1235', '']);
    expect(byEmail.get('bo@example.edu')?.[4]).toBe('3.5');
    expect(rows).toHaveLength(1 + students.length);
  });

  it('writes a generic sheet with ids, points and totals', () => {
    const rows = readBack(exportGradesCsv({ format: 'generic', students, exercises, scores }));
    expect(rows[0]).toEqual(['Student ID', 'Name', 'Email', 'Conv output size [conv-output]', 'Conv3x3, forward [conv3x3]', 'LeNet params [lenet-params]', 'Total']);
    expect(rows[1]).toEqual(['Points Possible', '', '', '2', '10', '3.5', '15.5']);
    expect(rows[2]!.at(-1)).toBe('9.1235');
    expect(rows[3]!.at(-1)).toBe('3.5');
    expect(rows[4]!.at(-1)).toBe('0');
  });

  it('quotes fields per RFC 4180 with CRLF records, and adds a BOM on request', () => {
    const csv = exportGradesCsv({ format: 'moodle', students, exercises, scores, bom: true });
    expect(csv.startsWith('\ufeff')).toBe(true);
    expect(csv).toContain('"O\'Brien, ""Bo""\nJr."');
    expect(csv.split('\r\n')[0]).toBe('\ufeffEmail address,Full name,Conv output size,"Conv3x3, forward",LeNet params');
    expect(exportGradesCsv({ format: 'moodle', students, exercises, scores }).startsWith('Email')).toBe(true);
  });

  it('disambiguates repeated titles and rejects non-finite scores', () => {
    const twins = [
      { id: 'a', title: 'Quiz', points: 1 },
      { id: 'b', title: 'Quiz', points: 1 },
    ];
    const rows = readBack(exportGradesCsv({ format: 'moodle', students: [], exercises: twins, scores: [] }));
    expect(rows[0]).toEqual(['Email address', 'Full name', 'Quiz [a]', 'Quiz [b]']);
    expect(() => exportGradesCsv({ format: 'canvas', students, exercises, scores: [{ studentId: 's1', exerciseId: 'conv3x3', score: NaN }] })).toThrow(/finite/);
  });
});

describe('safeText', () => {
  it('prefixes only text a spreadsheet would evaluate', () => {
    expect(safeText('+1 555')).toBe("'+1 555");
    expect(safeText('-5')).toBe("'-5");
    expect(safeText('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(safeText('An')).toBe('An');
    expect(safeText('a=b')).toBe('a=b');
  });
});
