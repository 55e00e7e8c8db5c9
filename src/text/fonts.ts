/**
 * The bundled fonts and the fallback chain. Every face is a real file from the npm registry
 * (OFL fonts: Google Fonts packaged by @expo-google-fonts, and Twemoji as a COLR font), so the
 * same URL draws the same pixels on every machine and no system font is ever needed.
 *
 * A face is registered with Skia only when a text needs it: the faces a text needs are found
 * by looking each grapheme up in the faces' `cmap` tables (read lazily, a few milliseconds a
 * face), so a 10 MB CJK face is read only by the first request that has Han, kana or Hangul in
 * it, never at start-up, and then shared by every later request (and every worker thread:
 * Skia's font collection is process-wide).
 */
import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';
import type { FontName } from '../spec/types.js';
import { type Coverage, readCoverage } from './cmap.js';

const require = createRequire(import.meta.url);

/** The Han faces: one per writing tradition (their Han glyphs differ in regional forms). */
export type HanFace = 'noto-sans-sc' | 'noto-sans-tc' | 'noto-sans-jp' | 'noto-sans-kr';

/** Every bundled face: the placehold.co faces a URL can choose, and the fallback faces. */
export type Face =
  | FontName
  | 'noto-sans-arabic'
  | 'noto-sans-hebrew'
  | 'noto-sans-devanagari'
  | 'noto-sans-thai'
  | 'twemoji'
  | HanFace;

/** The npm file of each face, regular weight (and Open Sans Bold, for ui-avatars' bold). */
const FACE_FILES: Readonly<Record<Face, string>> = {
  lato: '@expo-google-fonts/lato/400Regular/Lato_400Regular.ttf',
  lora: '@expo-google-fonts/lora/400Regular/Lora_400Regular.ttf',
  montserrat: '@expo-google-fonts/montserrat/400Regular/Montserrat_400Regular.ttf',
  'noto-sans': '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  'open-sans': '@expo-google-fonts/open-sans/400Regular/OpenSans_400Regular.ttf',
  'open-sans-bold': '@expo-google-fonts/open-sans/700Bold/OpenSans_700Bold.ttf',
  oswald: '@expo-google-fonts/oswald/400Regular/Oswald_400Regular.ttf',
  'playfair-display':
    '@expo-google-fonts/playfair-display/400Regular/PlayfairDisplay_400Regular.ttf',
  poppins: '@expo-google-fonts/poppins/400Regular/Poppins_400Regular.ttf',
  'pt-sans': '@expo-google-fonts/pt-sans/400Regular/PTSans_400Regular.ttf',
  raleway: '@expo-google-fonts/raleway/400Regular/Raleway_400Regular.ttf',
  roboto: '@expo-google-fonts/roboto/400Regular/Roboto_400Regular.ttf',
  'source-sans-pro': '@expo-google-fonts/source-sans-pro/SourceSansPro_400Regular.ttf',
  'yanone-kaffeesatz': '@expo-google-fonts/yanone-kaffeesatz/YanoneKaffeesatz_400Regular.ttf',
  'bebas-neue': '@expo-google-fonts/bebas-neue/400Regular/BebasNeue_400Regular.ttf',
  lobster: '@expo-google-fonts/lobster/400Regular/Lobster_400Regular.ttf',
  inter: '@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf',
  'noto-serif': '@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf',
  'noto-sans-arabic':
    '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
  'noto-sans-hebrew':
    '@expo-google-fonts/noto-sans-hebrew/400Regular/NotoSansHebrew_400Regular.ttf',
  'noto-sans-devanagari':
    '@expo-google-fonts/noto-sans-devanagari/400Regular/NotoSansDevanagari_400Regular.ttf',
  'noto-sans-thai': '@expo-google-fonts/noto-sans-thai/400Regular/NotoSansThai_400Regular.ttf',
  twemoji: 'twemoji-colr-font/twemoji.woff2',
  'noto-sans-sc': '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  'noto-sans-tc': '@expo-google-fonts/noto-sans-tc/400Regular/NotoSansTC_400Regular.ttf',
  'noto-sans-jp': '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf',
  'noto-sans-kr': '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf',
};

/**
 * After the chosen face: the script faces (each also has basic Latin, but the chosen face is
 * asked first), then Noto Sans for Latin, Greek and Cyrillic that the chosen face lacks, then
 * colour emoji (before the CJK faces, which have monochrome forms of a few symbols such as ★),
 * then the Han faces, the preferred one first.
 */
const SCRIPT_FACES: readonly Face[] = [
  'noto-sans-arabic',
  'noto-sans-hebrew',
  'noto-sans-devanagari',
  'noto-sans-thai',
  'noto-sans',
  'twemoji',
];
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

/** The Skia family name standin registers a face under; prefixed so no system font can match. */
export function familyName(face: Face): string {
  return `standin-${face}`;
}

/** Absolute path of a face's file. */
export function fontFile(face: Face): string {
  return require.resolve(FACE_FILES[face]);
}

// Skia's font collection is process-wide: what is registered, and the cmaps read so far, are
// process-wide facts, kept here so that each face is read and registered once.
const registered = new Set<Face>();
const coverages = new Map<Face, Coverage>();

/** The code points a face has glyphs for (its cmap is read on first use). */
export function faceCoverage(face: Face): Coverage {
  let coverage = coverages.get(face);
  if (!coverage) {
    coverage = readCoverage(fontFile(face));
    coverages.set(face, coverage);
  }
  return coverage;
}

/** Every bundled face. */
export const FACES = Object.keys(FACE_FILES) as readonly Face[];

/**
 * Check, at start-up, that every face a request can need is installed and readable as a font
 * (its table directory and character map parse, and map some characters): a missing or broken
 * file would otherwise be found by the first request that needs it, as a 500. Throws an Error
 * naming the file. Reads a few hundred kilobytes a face; the coverages it reads are kept.
 */
export function checkFaces(file: (face: Face) => string = fontFile): void {
  for (const face of FACES) {
    let path: string;
    try {
      path = file(face);
    } catch {
      throw new Error(
        `the font file ${FACE_FILES[face]} (${face}) is missing; reinstall standin's dependencies (npm ci)`,
      );
    }
    let coverage: Coverage;
    try {
      coverage = file === fontFile ? faceCoverage(face) : readCoverage(path);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`the font file ${path} (${face}) cannot be read as a font: ${reason}`);
    }
    if (coverage.size === 0) {
      throw new Error(`the font file ${path} (${face}) maps no characters; it is damaged`);
    }
  }
}

/** Register a face with Skia once, on first use. Throws if the bundled file is missing. */
export function ensureFace(face: Face): void {
  if (registered.has(face)) return;
  const family = familyName(face);
  // Another worker thread may have registered it already (the collection is shared).
  if (!GlobalFonts.has(family)) {
    const file = fontFile(face);
    if (!GlobalFonts.registerFromPath(file, family)) {
      throw new Error(`could not load the font file ${file}`);
    }
  }
  registered.add(face);
}

/** Faces registered in this thread so far (for tests and measurements). */
export function registeredFaces(): ReadonlySet<Face> {
  return registered;
}

/** The CSS font-family list of a chain: every face, in order, named as registered. */
export function familyList(chain: readonly Face[]): string {
  return chain.map((face) => `"${familyName(face)}"`).join(', ');
}
