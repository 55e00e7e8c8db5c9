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
  // Conjuncts, reordered vowels and stacked marks in each: the shaping shows if any breaks.
  { name: 'bengali', text: 'নমস্কার বাংলা ক্ষ', other: 'স্বাগতম কর্ম' },
  { name: 'gurmukhi', text: 'ਸਤ ਸ੍ਰੀ ਅਕਾਲ ਪੰਜਾਬੀ', other: 'ਗੁਰਮੁਖੀ ਲਿਪੀ' },
  { name: 'gujarati', text: 'નમસ્તે ગુજરાતી ક્ષ', other: 'સ્વાગત છે' },
  { name: 'oriya', text: 'ନମସ୍କାର ଓଡ଼ିଆ', other: 'ସ୍ୱାଗତ କ୍ଷ' },
  { name: 'tamil', text: 'வணக்கம் தமிழ்', other: 'ஸ்ரீ கொண்டாட்டம்' },
  { name: 'telugu', text: 'నమస్కారం తెలుగు', other: 'స్వాగతం క్ష' },
  { name: 'kannada', text: 'ನಮಸ್ಕಾರ ಕನ್ನಡ', other: 'ಸ್ವಾಗತ ಕ್ಷ' },
  { name: 'malayalam', text: 'നമസ്കാരം മലയാളം', other: 'സ്വാഗതം ക്ഷ' },
  { name: 'sinhala', text: 'ආයුබෝවන් සිංහල', other: 'ශ්‍රී ලංකා' },
  { name: 'lao', text: 'ສະບາຍດີ ພາສາລາວ', other: 'ຍິນດີຕ້ອນຮັບ' },
  { name: 'myanmar', text: 'မင်္ဂလာပါ မြန်မာ', other: 'ကြိုဆိုပါတယ်' },
  { name: 'khmer', text: 'សួស្តី ភាសាខ្មែរ', other: 'ស្វាគមន៍' },
  { name: 'tibetan', text: 'བཀྲ་ཤིས་བདེ་ལེགས།', other: 'བོད་ཡིག' },
  { name: 'georgian', text: 'გამარჯობა ქართული', other: 'მოგესალმებით' },
  { name: 'armenian', text: 'Բարեւ Հայերեն', other: 'Բարի գալուստ' },
  { name: 'ethiopic', text: 'ሰላም አማርኛ', other: 'እንኳን ደህና መጡ' },
  { name: 'emoji', text: 'Hi 👩‍💻 👍🏽 🇯🇵 ❤️', other: '🎉 😀 🐱 🇫🇷' },
];
