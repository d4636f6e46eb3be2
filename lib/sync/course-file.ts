import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { envValue } from '../env';

export const ZCourseFile = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  timeZone: z.string().default('UTC'),
  weeks: z.array(
    z.object({
      number: z.number().int().min(1),
      title: z.string().min(1),
      items: z
        .array(
          z.object({
            key: z.string().regex(/^[a-z0-9-]+$/),
            title: z.string().min(1),
            detail: z.string().default(''),
            exercise: z.string().optional(),
          }),
        )
        .default([]),
    }),
  ),
});
export type CourseFile = z.infer<typeof ZCourseFile>;

export function courseFilePath(): string {
  return envValue('COURSE_FILE') ?? path.resolve(process.cwd(), 'content', 'course.yaml');
}

export function loadCourseFile(file = courseFilePath()): CourseFile {
  const parsed = ZCourseFile.safeParse(parseYaml(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
