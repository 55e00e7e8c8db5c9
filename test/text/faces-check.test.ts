import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFaces, FACES, faceFiles } from '../../src/text/fonts.js';

describe('checkFaces', () => {
  it('passes for the installed faces, all of them', () => {
    expect(FACES.length).toBeGreaterThanOrEqual(40);
    expect(() => checkFaces()).not.toThrow();
  });

  it('names the file of a missing face', () => {
    const missing = (face: string) => {
      if (face === 'twemoji') throw new Error('Cannot find module');
      return faceFiles(face as never);
    };
    expect(() => checkFaces(missing)).toThrow(
      /the font files of twemoji \(twemoji-colr-font\) are missing/,
    );
  });

  it('names a file that is there but is not a font', () => {
    const dir = mkdtempSync(join(tmpdir(), 'standin-faces-'));
    const broken = join(dir, 'noto-sans-kr-0-wght-normal.woff2');
    writeFileSync(broken, Buffer.alloc(64, 7));
    const file = (face: string) => (face === 'noto-sans-kr' ? [broken] : faceFiles(face as never));
    expect(() => checkFaces(file)).toThrow(`the font file ${broken} (noto-sans-kr) cannot be read`);
  });

  it('names a font file cut short', () => {
    const dir = mkdtempSync(join(tmpdir(), 'standin-faces-'));
    const whole = faceFiles('lato')[0] ?? '';
    const cut = join(dir, 'lato-latin-400-normal.woff2');
    writeFileSync(cut, readFileSync(whole).subarray(0, 2000));
    const file = (face: string) => (face === 'lato' ? [cut] : faceFiles(face as never));
    expect(() => checkFaces(file)).toThrow(`the font file ${cut} (lato) cannot be read as a font`);
  });
});
