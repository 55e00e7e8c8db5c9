/**
 * What a text needs from the fonts: which Han tradition to draw it in, which bundled faces
 * have its graphemes, and which graphemes no bundled face can draw.
 */
import type { FontName } from '../spec/types.js';
import { type Face, faceCoverage, fallbackChain, type HanFace } from './fonts.js';

const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;
const HAN = /\p{Script=Han}/u;

// Frequent characters that exist only in one of the two Chinese standards, in pairs. A text
// with more of the traditional ones than of the simplified ones is drawn with Traditional
// (Taiwan) forms; otherwise Simplified, the most common written Chinese.
const SIMPLIFIED_ONLY = new Set(
  '这们个来说为对时会与后还过国学么点开关当实现无样经应发动问进长东车书见头马门间电话爱让请谢语页风飞鸟鱼龙习认识给红绿颜边听买卖钱医读写亚术处办众优传体岁币带单导队儿尔广归汉号欢华汇汤计记价将节结紧尽举剧军块乐类离丽联两辆灵刘楼陆罗络没梦难脑农欧盘齐气迁强桥亲轻庆区权热荣伤设绳师湿势视试寿树帅顺丝虽孙台态图团万卫务雾戏细线乡响协兴选压阳养业叶义议艺阴银营拥邮园员远阅云运杂张阵证郑质钟种专转庄装壮准资总组',
);
const TRADITIONAL_ONLY = new Set(
  '這們個來說為對時會與後還過國學麼點開關當實現無樣經應發動問進長東車書見頭馬門間電話愛讓請謝語頁風飛鳥魚龍習認識給紅綠顏邊聽買賣錢醫讀寫亞術處辦眾優傳體歲幣帶單導隊兒爾廣歸漢號歡華匯湯計記價將節結緊盡舉劇軍塊樂類離麗聯兩輛靈劉樓陸羅絡沒夢難腦農歐盤齊氣遷強橋親輕慶區權熱榮傷設繩師濕勢視試壽樹帥順絲雖孫臺態圖團萬衛務霧戲細線鄉響協興選壓陽養業葉義議藝陰銀營擁郵園員遠閱雲運雜張陣證鄭質鐘種專轉莊裝壯準資總組',
);

/** The Han face a BCP 47 language tag asks for, if it names a CJK language. */
function hanFaceOfLang(lang: string): HanFace | undefined {
  const tag = lang.toLowerCase();
  if (tag.startsWith('ja')) return 'noto-sans-jp';
  if (tag.startsWith('ko')) return 'noto-sans-kr';
  if (tag.startsWith('zh')) {
    return /-(hant|tw|hk|mo)\b/.test(tag) ? 'noto-sans-tc' : 'noto-sans-sc';
  }
  return undefined;
}

/**
 * Which Han face draws the text's ideographs: the one `lang` names (ja, ko, zh-Hans, zh-Hant,
 * zh-TW...), else Japanese if the text has kana, Korean if it has Hangul, Traditional Chinese
 * if it has more traditional-only than simplified-only characters, else Simplified Chinese.
 */
export function hanFace(text: string, lang?: string): HanFace {
  const asked = lang === undefined ? undefined : hanFaceOfLang(lang);
  if (asked) return asked;
  if (!HAN.test(text)) {
    if (KANA.test(text)) return 'noto-sans-jp';
    if (HANGUL.test(text)) return 'noto-sans-kr';
    return 'noto-sans-sc';
  }
  if (KANA.test(text)) return 'noto-sans-jp';
  if (HANGUL.test(text)) return 'noto-sans-kr';
  let balance = 0;
  for (const char of text) {
    if (TRADITIONAL_ONLY.has(char)) balance++;
    else if (SIMPLIFIED_ONLY.has(char)) balance--;
  }
  return balance > 0 ? 'noto-sans-tc' : 'noto-sans-sc';
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// Code points a font need not have: shaping makes them invisible (joiners, variation selectors,
// bidi controls) or they are not drawn at all (controls).
const IGNORABLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}]/u;

// Twemoji's keycap glyphs (1️⃣, #️⃣) come out blank in Skia: a keycap is drawn as its character.
const KEYCAP = /([0-9#*])\uFE0F?\u20E3/gu;

/** Drawn for a grapheme that no bundled face has, so that no system font is ever asked. */
export const REPLACEMENT = '\uFFFD';

export interface FaceSelection {
  /** The chain, in the order Skia is to try it. */
  readonly chain: readonly Face[];
  /** The faces that draw some grapheme of the text (register these before drawing). */
  readonly faces: ReadonlySet<Face>;
  /**
   * The text to lay out: each grapheme no bundled face can draw is replaced by U+FFFD, and
   * keycap sequences by their plain character.
   */
  readonly text: string;
  /** Which face draws each distinct grapheme (for tests and docs). */
  readonly byGrapheme: ReadonlyMap<string, Face>;
}

/** Printable Latin-1 (and new lines): one code point per grapheme, nothing to ignore, no shaping. */
const SIMPLE = /^[\n\x20-\x7e\u00a0-\u00ff]*$/;

/** Is `text` printable Latin-1 (new lines allowed): a glyph a code point, nothing shaped? */
export function isSimpleText(text: string): boolean {
  return SIMPLE.test(text);
}

/** The first face in `chain` that has every code point of `codePoints`. */
function firstCovering(chain: readonly Face[], codePoints: readonly number[]): Face | undefined {
  return chain.find((face) => {
    const coverage = faceCoverage(face);
    return codePoints.every((cp) => coverage.has(cp));
  });
}

/**
 * The faces `text` needs with `font` chosen. A grapheme (a user-perceived character: a letter
 * with its marks, an emoji ZWJ sequence, a flag) is drawn by the first face of the chain that
 * has all of its code points, as Skia resolves a cluster; the first face for each code point
 * alone is selected too, so that whichever way Skia splits a cluster its face is registered.
 */
export function selectFaces(font: FontName, text: string, lang?: string): FaceSelection {
  const chain = fallbackChain(font, hanFace(text, lang));
  const faces = new Set<Face>([font, 'noto-sans']);
  const byGrapheme = new Map<string, Face>();
  if (isSimpleText(text)) {
    // Most texts ("600 × 400", "Hero") are single code points the chosen face has: no
    // segmenting needed (it was half the time of a layout).
    const coverage = faceCoverage(font);
    let covered = true;
    for (let i = 0; i < text.length && covered; i++) {
      const char = text[i] as string;
      if (char === '\n' || byGrapheme.has(char)) continue;
      covered = coverage.has(text.charCodeAt(i));
      byGrapheme.set(char, font);
    }
    if (covered) return { chain, faces, text, byGrapheme };
    byGrapheme.clear();
  }
  let out = '';
  let replaced = false;
  for (const { segment } of graphemes.segment(text.replace(KEYCAP, '$1'))) {
    const known = byGrapheme.get(segment);
    if (known) {
      out += segment;
      continue;
    }
    const codePoints = [...segment]
      .filter((char) => !IGNORABLE.test(char))
      .map((char) => char.codePointAt(0) ?? 0);
    if (codePoints.length === 0) {
      out += segment;
      continue;
    }
    const face = firstCovering(chain, codePoints);
    if (!face) {
      out += REPLACEMENT;
      replaced = true;
      continue;
    }
    faces.add(face);
    byGrapheme.set(segment, face);
    for (const cp of codePoints) {
      const single = firstCovering(chain, [cp]);
      if (single) faces.add(single);
    }
    out += segment;
  }
  if (replaced) faces.add(firstCovering(chain, [0xfffd]) ?? 'noto-sans');
  return { chain, faces, text: out, byGrapheme };
}
