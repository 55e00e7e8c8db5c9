/**
 * The bundled fonts: real files from the npm registry (OFL Google Fonts packaged by
 * @expo-google-fonts), so the same URL draws the same pixels on every machine. A face is
 * registered with Skia the first time it is needed, not at start-up.
 */
import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';
import type { FontName } from '../spec/types.js';

const require = createRequire(import.meta.url);

/** The npm file of each placehold.co face, regular weight. */
const FONT_FILES: Readonly<Record<FontName, string>> = {
  lato: '@expo-google-fonts/lato/400Regular/Lato_400Regular.ttf',
  lora: '@expo-google-fonts/lora/400Regular/Lora_400Regular.ttf',
  montserrat: '@expo-google-fonts/montserrat/400Regular/Montserrat_400Regular.ttf',
  'noto-sans': '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  'open-sans': '@expo-google-fonts/open-sans/400Regular/OpenSans_400Regular.ttf',
  oswald: '@expo-google-fonts/oswald/400Regular/Oswald_400Regular.ttf',
  'playfair-display':
    '@expo-google-fonts/playfair-display/400Regular/PlayfairDisplay_400Regular.ttf',
  poppins: '@expo-google-fonts/poppins/400Regular/Poppins_400Regular.ttf',
  'pt-sans': '@expo-google-fonts/pt-sans/400Regular/PTSans_400Regular.ttf',
  raleway: '@expo-google-fonts/raleway/400Regular/Raleway_400Regular.ttf',
  roboto: '@expo-google-fonts/roboto/400Regular/Roboto_400Regular.ttf',
  'source-sans-pro': '@expo-google-fonts/source-sans-pro/SourceSansPro_400Regular.ttf',
};

/** Faces tried, in order, for characters the chosen font lacks. */
const FALLBACK_CHAIN: readonly FontName[] = ['noto-sans'];

/** The Skia family name standin registers a face under; prefixed so no system font can match. */
export function familyName(font: FontName): string {
  return `standin-${font}`;
}

// Skia's font collection is process-wide, so which faces are registered is process-wide too.
const registered = new Set<FontName>();

/** Register a face with Skia once, on first use. Throws if the bundled file is missing. */
export function ensureFont(font: FontName): void {
  if (registered.has(font)) return;
  const file = require.resolve(FONT_FILES[font]);
  if (!GlobalFonts.registerFromPath(file, familyName(font))) {
    throw new Error(`could not load the font file ${file}`);
  }
  registered.add(font);
}

/** The CSS font shorthand for drawing `font` at `sizePx`, with the fallback chain registered. */
export function cssFont(font: FontName, sizePx: number): string {
  const chain = [font, ...FALLBACK_CHAIN.filter((f) => f !== font)];
  for (const face of chain) ensureFont(face);
  return `${sizePx}px ${chain.map((face) => `"${familyName(face)}"`).join(', ')}`;
}

/** Absolute path of a face's file (for docs and tests). */
export function fontFile(font: FontName): string {
  return require.resolve(FONT_FILES[font]);
}
