/** Sample texts for each script the engine supports: used by the golden, tofu and gallery runs. */

export interface ScriptSample {
  /** Short name, also the golden file's name. */
  readonly name: string;
  readonly text: string;
  /** Another text in the same script (the no-tofu test draws both and wants two pictures). */
  readonly other: string;
}

export const SCRIPT_SAMPLES: readonly ScriptSample[] = [
  { name: 'latin', text: 'Crème brûlée à Łódź, Ærøskøbing', other: 'Straße, señor, naïve œuvre' },
  { name: 'greek', text: 'Καλημέρα κόσμε', other: 'Ελληνικά γράμματα' },
  { name: 'cyrillic', text: 'Привет, мир! Ёлка', other: 'Съешь ещё этих булок' },
  { name: 'chinese-simplified', text: '你好，世界！这是占位图', other: '简体中文汉字测试' },
  { name: 'chinese-traditional', text: '你好，世界！這是佔位圖', other: '繁體中文漢字測試' },
  { name: 'japanese', text: 'こんにちは、世界。日本語', other: 'カタカナとひらがな' },
  { name: 'korean', text: '안녕하세요 세계', other: '한국어 글자 시험' },
  { name: 'arabic', text: 'مرحبا بالعالم 123', other: 'اللغة العربية' },
  { name: 'hebrew', text: 'שלום עולם, 2024!', other: 'עברית מימין לשמאל' },
  { name: 'devanagari', text: 'नमस्ते दुनिया', other: 'हिन्दी क्षत्रिय' },
  { name: 'thai', text: 'สวัสดีครับ ยินดีต้อนรับ', other: 'ภาษาไทยไม่มีช่องว่าง' },
  { name: 'emoji', text: 'Hi 👩‍💻 👍🏽 🇯🇵 ❤️', other: '🎉 😀 🐱 🇫🇷' },
];
