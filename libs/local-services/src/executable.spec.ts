import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findExecutable } from './executable';

const root = mkdtempSync(join(tmpdir(), 'rnnlab-exec-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function dirWith(name: string, file: string, mode: number | 'dir'): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  if (mode === 'dir') mkdirSync(join(dir, file));
  else {
    writeFileSync(join(dir, file), '#!/bin/sh\n');
    chmodSync(join(dir, file), mode);
  }
  return dir;
}

describe('findExecutable', () => {
  const plain = dirWith('plain', 'tool', 0o644);
  const folder = dirWith('folder', 'tool', 'dir');
  const exec1 = dirWith('exec1', 'tool', 0o755);
  const exec2 = dirWith('exec2', 'tool', 0o755);

  it('returns the first executable file on the path, skipping non-executables and directories', () => {
    expect(findExecutable('tool', [plain, folder, exec1, exec2].join(delimiter))).toBe(join(exec1, 'tool'));
  });

  it('returns undefined when no directory has it', () => {
    expect(findExecutable('tool', [plain, folder].join(delimiter))).toBeUndefined();
    expect(findExecutable('tool', '')).toBeUndefined();
  });

  it('ignores empty and relative PATH entries', () => {
    expect(findExecutable('tool', ['', 'exec1', '.'].join(delimiter))).toBeUndefined();
  });

  it('refuses a name with a slash', () => {
    expect(() => findExecutable('../tool', exec1)).toThrow(/expected a bare command name, got "..\/tool"/);
  });

  it('finds sh on this process PATH', () => {
    expect(findExecutable('sh')).toMatch(/\/sh$/);
  });
});
