/** The one typed value that flows from parsing to rendering. */

export const FORMATS = ['svg', 'png', 'jpeg', 'gif', 'webp', 'avif'] as const;
export type Format = (typeof FORMATS)[number];

/** A colour with 8-bit channels; `a` is 0 (transparent) to 255 (opaque). */
export interface Rgba {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;
}

/** placehold.co's own twelve fonts. */
export const PLACEHOLD_FONTS = [
  'lato',
  'lora',
  'montserrat',
  'noto-sans',
  'open-sans',
  'oswald',
  'playfair-display',
  'poppins',
  'pt-sans',
  'raleway',
  'roboto',
  'source-sans-pro',
] as const;

export const FONTS = [
  ...PLACEHOLD_FONTS,
  // fakeimg.pl's faces, usable from any grammar
  'yanone-kaffeesatz',
  'bebas-neue',
  'lobster',
  'noto-serif',
  // Inter: not one of placehold.co's, but public code puts it in placehold.co URLs often
  'inter',
  // The CJK faces, bundled for fallback, which public code also names (noto-sans-tc, -kr...)
  'noto-sans-sc',
  'noto-sans-tc',
  'noto-sans-jp',
  'noto-sans-kr',
  // Open Sans Bold: ui-avatars.com's `bold=true`
  'open-sans-bold',
] as const;
export type FontName = (typeof FONTS)[number];

export type Scale = 1 | 2 | 3;

/** Corner radii in CSS order: top-left, top-right, bottom-right, bottom-left. */
export type Corners = readonly [number, number, number, number];

export interface ImageSpec {
  /** Width in CSS pixels, before retina scaling. */
  readonly width: number;
  /** Height in CSS pixels, before retina scaling. */
  readonly height: number;
  /** Retina factor: output pixels per CSS pixel. Always 1 for SVG. */
  readonly scale: Scale;
  readonly format: Format;
  readonly background: Rgba;
  readonly foreground: Rgba;
  /** The text to draw, unescaped; `\n` separates lines. Empty draws no text. */
  readonly text: string;
  readonly font: FontName;
  /** Font size in CSS pixels chosen by the URL (`font-size`); absent means fit automatically. */
  readonly fontSize?: number;
  /**
   * The largest size, in CSS pixels, that fitting may choose (ui-avatars' `font-size`, a share of
   * the side); absent means a fifth of the shorter side. Ignored when `fontSize` is set.
   */
  readonly maxFontSize?: number;
  /** Distance between baselines in em (`line-height`); absent means the default, 1.2. */
  readonly lineHeight?: number;
  /** Free space on each side in CSS pixels; absent means a tenth of the width and height. */
  readonly padding?: number;
  /** BCP 47 language (`?lang=ja`): chooses the Han glyph forms; absent: guessed from the text. */
  readonly lang?: string;
  /**
   * Rounded corners, radius in CSS pixels (`?radius=16`), or one per corner, top-left,
   * top-right, bottom-right, bottom-left (fakeimg.pl's `radius_tl`...), each at most half the
   * shorter side: outside them the picture is transparent (white in JPEG, which has no alpha).
   */
  readonly radius?: number | Corners;
  /**
   * What the URL asked for that was not used or was replaced (an unknown query parameter, an
   * unknown font drawn in the default face): short, safe notes for a response header. Not part
   * of the image (nor of its cache key).
   */
  readonly warnings?: readonly string[];
}

/**
 * A text image (`/text/{format}?text=...`): sized to its text, so its width and height are
 * only known once the text is measured (text/size.ts turns it into an ImageSpec).
 */
export interface TextImageSpec {
  readonly kind: 'text';
  readonly text: string;
  readonly font: FontName;
  /** CSS pixels. */
  readonly fontSize: number;
  readonly lineHeight?: number;
  readonly lang?: string;
  /** CSS pixels around the text. */
  readonly padding: number;
  readonly scale: Scale;
  readonly format: Format;
  readonly background: Rgba;
  readonly foreground: Rgba;
  /** Unix seconds after which a sealed token stops working (HTTP caches must not outlive it). */
  readonly expiresAt?: number;
  /** Opened from a sealed token: every failure must be the one generic bad_token. */
  readonly sealed?: true;
  /** As on ImageSpec: what was not used or was replaced. */
  readonly warnings?: readonly string[];
}

/** What a URL asks for: a placeholder of a given size, or an image sized to its text. */
export type Request = ImageSpec | TextImageSpec;

export function isTextImage(request: Request): request is TextImageSpec {
  return 'kind' in request && request.kind === 'text';
}

/** How big a request may be: checked while parsing, before anything is allocated. */
export interface Limits {
  /** Largest width or height a URL may ask for, before retina scaling. */
  readonly maxSide: number;
  /** Largest number of output pixels (width × height × scale²) one image may have. */
  readonly maxPixels: number;
  /** Longest text, in characters (code points), a URL may ask to draw. */
  readonly maxTextLength: number;
}
