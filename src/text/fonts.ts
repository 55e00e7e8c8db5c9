/**
 * The bundled fonts and the fallback chain. Every face comes from a font package on the npm
 * registry (OFL Google Fonts as packaged by Fontsource, and Twemoji as a COLR font), so the same
 * URL draws the same pixels on every machine and no system font is ever needed.
 *
 * Fontsource ships each face as WOFF2 slices by script or Unicode range (Latin, Latin
 * Extended, Cyrillic...; about a hundred for each CJK face), and variable faces where Google
 * has them, whose default instance is the regular weight: one file a slice instead of one a
 * weight, which took the fonts from 331 MB installed (every weight of every face) to under
 * 60 MB with sixteen more scripts. Each slice is its own Skia family; a text's font list names
 * only the slices that have its characters (so a Chinese line lists a few of a hundred).
 *
 * A slice is registered with Skia only when a text needs it; the slices a text needs are found
 * in their `cmap` tables (read lazily, and all at start-up by checkFaces), and shared by every
 * later request (and every worker thread: Skia's font collection is process-wide).
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';
import type { FontName } from '../spec/types.js';
import { type Coverage, checkFontFile, readCoverage } from './cmap.js';

const require = createRequire(import.meta.url);

/** The Han faces: one per writing tradition (their Han glyphs differ in regional forms). */
export type HanFace = 'noto-sans-sc' | 'noto-sans-tc' | 'noto-sans-jp' | 'noto-sans-kr';

/** The faces for scripts the chosen face does not have, in fallback order. */
const SCRIPT_FACE_NAMES = [
  'noto-sans-arabic',
  'noto-sans-hebrew',
  'noto-sans-devanagari',
  'noto-sans-bengali',
  'noto-sans-gurmukhi',
  'noto-sans-gujarati',
  'noto-sans-oriya',
  'noto-sans-tamil',
  'noto-sans-telugu',
  'noto-sans-kannada',
  'noto-sans-malayalam',
  'noto-sans-sinhala',
  'noto-sans-thai',
  'noto-sans-lao',
  'noto-sans-myanmar',
  'noto-sans-khmer',
  'noto-serif-tibetan',
  'noto-sans-georgian',
  'noto-sans-armenian',
  'noto-sans-ethiopic',
] as const;
type ScriptFace = (typeof SCRIPT_FACE_NAMES)[number];

/** Every bundled face: the faces a URL can choose, and the fallback faces. */
export type Face = FontName | ScriptFace | 'twemoji' | HanFace;

/** Where a face's files are: a package, and which of its files are the face's regular slices. */
interface Source {
  readonly package: string;
  readonly files: RegExp;
}

/** A variable face from @fontsource-variable: its weight-axis slices (default instance 400). */
const variable = (name: string): Source => ({
  package: `@fontsource-variable/${name}`,
  files: new RegExp(`^${name}-[a-z0-9-]+-wght-normal\\.woff2$`),
});
/** A static face from @fontsource: its slices of one weight. */
const fixed = (name: string, weight = 400): Source => ({
  package: `@fontsource/${name}`,
  files: new RegExp(`^${name}-[a-z0-9-]+-${weight}-normal\\.woff2$`),
});

const SOURCES: Readonly<Record<Face, Source>> = {
  lato: fixed('lato'),
  lora: variable('lora'),
  montserrat: variable('montserrat'),
  'noto-sans': variable('noto-sans'),
  'open-sans': variable('open-sans'),
  'open-sans-bold': variable('open-sans'),
  oswald: variable('oswald'),
  'playfair-display': variable('playfair-display'),
  poppins: fixed('poppins'),
  'pt-sans': fixed('pt-sans'),
  raleway: variable('raleway'),
  roboto: variable('roboto'),
  'source-sans-pro': fixed('source-sans-pro'),
  'yanone-kaffeesatz': variable('yanone-kaffeesatz'),
  'bebas-neue': fixed('bebas-neue'),
  lobster: fixed('lobster'),
  inter: variable('inter'),
  'noto-serif': variable('noto-serif'),
  // The same variable Open Sans, drawn at weight 700 (fontWeight below).
  twemoji: { package: 'twemoji-colr-font', files: /^twemoji\.woff2$/ },
  'noto-sans-sc': variable('noto-sans-sc'),
  'noto-sans-tc': variable('noto-sans-tc'),
  'noto-sans-jp': variable('noto-sans-jp'),
  'noto-sans-kr': variable('noto-sans-kr'),
  ...(Object.fromEntries(SCRIPT_FACE_NAMES.map((name) => [name, variable(name)])) as Record<
    ScriptFace,
    Source
  >),
};

/**
 * After the chosen face: the script faces (each also has basic Latin, but the chosen face is
 * asked first), then Noto Sans for Latin, Greek and Cyrillic that the chosen face lacks, then
 * colour emoji (before the CJK faces, which have monochrome forms of a few symbols such as ★),
 * then the Han faces, the preferred one first.
 */
const SCRIPT_FACES: readonly Face[] = [...SCRIPT_FACE_NAMES, 'noto-sans', 'twemoji'];
const HAN_FACES: readonly HanFace[] = [
  'noto-sans-sc',
  'noto-sans-tc',
  'noto-sans-jp',
  'noto-sans-kr',
];

/** Every face in the order Skia is to try them for `font`, with `han` preferred for Han. */
export function fallbackChain(font: FontName, han: HanFace = 'noto-sans-sc'): Face[] {
  const chain: Face[] = [font];
  for (const face of [...SCRIPT_FACES, han, ...HAN_FACES]) {
    if (!chain.includes(face)) chain.push(face);
  }
  return chain;
}

/** The CSS weight a face is drawn at: Open Sans Bold is the variable Open Sans at 700. */
export function fontWeight(face: Face): string {
  return face === 'open-sans-bold' ? 'bold ' : '';
}

/** One file of a face: its path, the Skia family it is registered as, what it covers. */
interface Slice {
  readonly file: string;
  readonly family: string;
}

const slicesByFace = new Map<Face, readonly Slice[]>();

/** The files of a face, in a stable order. Throws, naming the package, if it is not installed. */
export function faceFiles(face: Face): string[] {
  const source = SOURCES[face];
  let dir: string;
  try {
    dir = dirname(require.resolve(`${source.package}/package.json`));
  } catch {
    throw new Error(
      `the font package ${source.package} (${face}) is missing; reinstall standin's dependencies (npm ci)`,
    );
  }
  const folder = source.package === 'twemoji-colr-font' ? dir : join(dir, 'files');
  const files = readdirSync(folder)
    .filter((name) => source.files.test(name))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((name) => join(folder, name));
  if (files.length === 0) {
    throw new Error(`the font package ${source.package} (${face}) has no font files; reinstall it`);
  }
  return files;
}

function slicesOf(face: Face): readonly Slice[] {
  let slices = slicesByFace.get(face);
  if (!slices) {
    slices = faceFiles(face).map((file, i) => ({ file, family: `standin-${face}-${i}` }));
    slicesByFace.set(face, slices);
  }
  return slices;
}

// Skia's font collection is process-wide: what is registered, and the cmaps read so far, are
// process-wide facts, kept here so that each file is read and registered once.
const registered = new Set<string>();
const registeredFaceNames = new Set<Face>();
const fileCoverages = new Map<string, Coverage>();
const faceCoverages = new Map<Face, Coverage>();

function fileCoverage(file: string): Coverage {
  let coverage = fileCoverages.get(file);
  if (!coverage) {
    coverage = readCoverage(file);
    fileCoverages.set(file, coverage);
  }
  return coverage;
}

/** The union of a face's slices. */
class UnionCoverage implements Coverage {
  readonly size: number;
  constructor(private readonly parts: readonly Coverage[]) {
    this.size = parts.reduce((n, part) => n + part.size, 0);
  }
  has(codePoint: number): boolean {
    return this.parts.some((part) => part.has(codePoint));
  }
}

/** The code points a face has glyphs for (its slices' cmaps are read on first use). */
export function faceCoverage(face: Face): Coverage {
  let coverage = faceCoverages.get(face);
  if (!coverage) {
    const parts = slicesOf(face).map((slice) => fileCoverage(slice.file));
    coverage = parts.length === 1 && parts[0] ? parts[0] : new UnionCoverage(parts);
    faceCoverages.set(face, coverage);
  }
  return coverage;
}

/** Every bundled face. */
export const FACES = Object.keys(SOURCES) as readonly Face[];

/**
 * Check, at start-up, that every face a request can need is installed and is a whole font file
 * (its header, not its contents: see checkFontFile): a missing or broken file would otherwise
 * be found by the first request that needs it, as a 500. Throws an Error naming the file.
 */
export function checkFaces(files: (face: Face) => string[] = faceFiles): void {
  for (const face of FACES) {
    let paths: string[];
    try {
      paths = files(face);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `the font files of ${face} (${SOURCES[face].package}) are missing: ${reason}; reinstall standin's dependencies (npm ci)`,
      );
    }
    for (const path of paths) {
      try {
        checkFontFile(path);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`the font file ${path} (${face}) cannot be read as a font: ${reason}`);
      }
    }
  }
}

function register(face: Face, slice: Slice): void {
  if (registered.has(slice.family)) return;
  // Another worker thread may have registered it already (the collection is shared).
  if (!GlobalFonts.has(slice.family) && !GlobalFonts.registerFromPath(slice.file, slice.family)) {
    throw new Error(`could not load the font file ${slice.file}`);
  }
  registered.add(slice.family);
  registeredFaceNames.add(face);
}

/** Register every slice of a face (tests; requests register only the slices they need). */
export function ensureFace(face: Face): void {
  for (const slice of slicesOf(face)) register(face, slice);
}

/** Faces with a slice registered in this thread so far (for tests and measurements). */
export function registeredFaces(): ReadonlySet<Face> {
  return registeredFaceNames;
}

/** The CSS font-family list of a chain: every slice of every face, in order (tests). */
export function familyList(chain: readonly Face[]): string {
  return chain.flatMap((face) => slicesOf(face).map((slice) => `"${slice.family}"`)).join(', ');
}

const LATIN_H = 0x48;

/**
 * The CSS font-family list for drawing `text` with `chain`: the fewest slices, in chain order,
 * that hold every character an earlier one does not (Skia uses the first family that has a
 * character, so no later slice would be asked), registered now. The first face's Latin slice is
 * always there, so that the font's metrics (ascent, descent) come from it whatever the text. A
 * short list matters: Skia looks through it for every run of text it shapes.
 */
export function fontFamilies(chain: readonly Face[], text: string): string {
  const left = new Set<number>();
  for (const char of text) left.add(char.codePointAt(0) ?? 0);
  const families: string[] = [];
  chain.forEach((face, i) => {
    for (const slice of slicesOf(face)) {
      const coverage = fileCoverage(slice.file);
      let needed = i === 0 && coverage.has(LATIN_H);
      for (const codePoint of left) {
        if (coverage.has(codePoint)) {
          needed = true;
          left.delete(codePoint);
        }
      }
      if (!needed) continue;
      register(face, slice);
      families.push(`"${slice.family}"`);
    }
  });
  return families.join(', ');
}
