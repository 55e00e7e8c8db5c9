import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFaces, FACES, fontFile } from '../../src/text/fonts.js';

describe('checkFaces', () => {
  it('passes for the installed faces, all of them', () => {
    expect(FACES.length).toBeGreaterThanOrEqual(25);
    expect(() => checkFaces()).not.toThrow();
  });

  it('names the file of a missing face', () => {
    const missing = (face: string) => {
      if (face === 'twemoji') throw new Error('Cannot find module');
      return fontFile(face as never);
    };
    expect(() => checkFaces(missing)).toThrow(
      /twemoji-colr-font\/twemoji\.woff2 \(twemoji\) is missing/,
    );
  });

  it('names a file that is there but is not a font', () => {
    const dir = mkdtempSync(join(tmpdir(), 'standin-faces-'));
    const broken = join(dir, 'NotoSansKR_400Regular.ttf');
    writeFileSync(broken, Buffer.alloc(64, 7));
    const file = (face: string) => (face === 'noto-sans-kr' ? broken : fontFile(face as never));
    expect(() => checkFaces(file)).toThrow(`the font file ${broken} (noto-sans-kr) cannot be read`);
  });
});
