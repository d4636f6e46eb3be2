import { File, FingerprintIndex, Region, TokenizedFile } from '@dodona/dolos-core';
import { tokenize, type SimilarityLanguage } from './tokenize';

// Which pairs of code submissions look copied. Fingerprinting is MOSS-style
// winnowing from Dolos's core library (Ghent University, maintained): every
// k-gram of normalised tokens is hashed, and the minimum hash of each window
// of w consecutive k-grams is kept. Any shared run of at least k + w - 1
// tokens is guaranteed to produce a shared fingerprint; runs shorter than k
// never do, which is what keeps independent solutions apart.
//
// Starter code is subtracted: fingerprints that occur in the starter for the
// language are ignored everywhere (Dolos's "ignored file"), so students who
// only filled in the blanks of the same template do not match on the template.
// Python is compared with Python; TypeScript and JavaScript with each other
// (same token set). Pairs of one student's own submissions are skipped.
//
// score: Jaccard similarity of the two fingerprint sets, |A∩B| / |A∪B|;
// containment: |A∩B| / min(|A|, |B|), high when one submission contains most
// of the other (a copy with extra code added). threshold applies to `metric`.

export type SimilaritySubmission = { id: string; studentId: string; language: SimilarityLanguage; source: string };

export type SimilarityMatch = { aLines: [number, number]; bLines: [number, number] };

export type SimilarityPair = {
  a: string;
  b: string;
  score: number;
  containment: number;
  /** fingerprints in common (after starter subtraction) */
  shared: number;
  /** 1-based inclusive line ranges of matching fragments, in a's order */
  matches: SimilarityMatch[];
};

export type SimilarityOptions = {
  submissions: readonly SimilaritySubmission[];
  starter?: Partial<Record<SimilarityLanguage, string>>;
  /** report pairs whose metric is at least this; default 0.5 */
  threshold?: number;
  metric?: 'jaccard' | 'containment';
  /** tokens per k-gram; default 12 */
  kgramLength?: number;
  /** k-grams per winnowing window; default 4 */
  windowSize?: number;
  /**
   * a pair needs at least this many fingerprints in common outside the starter;
   * below it, two submissions that changed the same one line of the starter
   * would count as identical. Default 5 (about 20 tokens of shared code).
   */
  minSharedFingerprints?: number;
  /**
   * ignore fingerprints found in more than this many submissions (MOSS's -m):
   * code nearly everyone writes is not evidence. Default: no limit.
   */
  maxSubmissionsPerFingerprint?: number;
};

export const DEFAULT_THRESHOLD = 0.5;

export function similarityReport(opts: SimilarityOptions): SimilarityPair[] {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const groups = new Map<string, SimilaritySubmission[]>();
  for (const s of opts.submissions) {
    const family = s.language === 'python' ? 'python' : 'js';
    groups.set(family, [...(groups.get(family) ?? []), s]);
  }
  const pairs: SimilarityPair[] = [];
  for (const [family, subs] of groups) {
    const starters = (family === 'python' ? (['python'] as const) : (['typescript', 'javascript'] as const))
      .map((lang) => opts.starter?.[lang])
      .filter((s): s is string => !!s);
    pairs.push(...compareGroup(subs, starters, threshold, opts));
  }
  return pairs.sort((x, y) => y.score - x.score || y.containment - x.containment || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
}

function compareGroup(subs: SimilaritySubmission[], starters: string[], threshold: number, opts: SimilarityOptions): SimilarityPair[] {
  const index = new FingerprintIndex(opts.kgramLength ?? 12, opts.windowSize ?? 4, false, opts.maxSubmissionsPerFingerprint);
  const files = subs.map((s) => toTokenizedFile(s.id, s.source, s.language));
  index.addFiles(files);
  // Added after the submissions so the index moves their matching fingerprints to "ignored".
  starters.forEach((src, i) => index.addIgnoredFile(toTokenizedFile(`starter-${i}`, src, subs[0]!.language)));

  const entries = new Map(index.entries().map((e) => [e.file, e]));
  const hashes = files.map((f) => new Set([...entries.get(f)!.shared].map((fp) => fp.hash)));
  const out: SimilarityPair[] = [];
  for (let i = 0; i < subs.length; i++) {
    for (let j = i + 1; j < subs.length; j++) {
      if (subs[i]!.studentId === subs[j]!.studentId) continue;
      const a = hashes[i]!;
      const b = hashes[j]!;
      let common = 0;
      for (const h of a.size < b.size ? a : b) if ((a.size < b.size ? b : a).has(h)) common += 1;
      const union = a.size + b.size - common;
      const jaccard = union > 0 ? common / union : 0;
      const containment = Math.min(a.size, b.size) > 0 ? common / Math.min(a.size, b.size) : 0;
      const metric = opts.metric === 'containment' ? containment : jaccard;
      if (common < Math.max(1, opts.minSharedFingerprints ?? 5) || metric < threshold) continue;
      out.push({
        a: subs[i]!.id,
        b: subs[j]!.id,
        score: round(jaccard),
        containment: round(containment),
        shared: common,
        matches: fragments(index, files[i]!, files[j]!),
      });
    }
  }
  return out;
}

function fragments(index: FingerprintIndex, a: TokenizedFile, b: TokenizedFile): SimilarityMatch[] {
  return index
    .getPair(a, b)
    .buildFragments()
    .map((f) => ({
      aLines: [f.leftSelection.startRow + 1, f.leftSelection.endRow + 1] as [number, number],
      bLines: [f.rightSelection.startRow + 1, f.rightSelection.endRow + 1] as [number, number],
    }))
    .sort((x, y) => x.aLines[0] - y.aLines[0] || x.bLines[0] - y.bLines[0]);
}

function toTokenizedFile(id: string, source: string, language: SimilarityLanguage): TokenizedFile {
  const tokens = tokenize(source, language);
  return new TokenizedFile(
    new File(id, source),
    tokens.map((t) => t.text),
    tokens.map((t) => new Region(t.row, t.col, t.endRow, t.endCol)),
  );
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

