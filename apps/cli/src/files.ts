/**
 * Reading user-named files with errors that name the option and the path (exit code 2).
 */
import { readFile, stat } from 'node:fs/promises';
import { UsageError } from './args';

/** JSON inputs (configs, fixtures) are small; anything bigger is a wrong file. */
const MAX_JSON_BYTES = 64 * 1024 * 1024;

function describeFsError(err: unknown, label: string, path: string): UsageError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UsageError(`${label}: no such file "${path}"`);
  if (code === 'EACCES' || code === 'EPERM') return new UsageError(`${label}: permission denied reading "${path}"`);
  return new UsageError(`${label}: cannot read "${path}" (${code ?? (err as Error).message})`);
}

/** Stat `path` and require a regular file. */
export async function requireFile(path: string, label: string): Promise<number> {
  let s;
  try {
    s = await stat(path);
  } catch (err) {
    throw describeFsError(err, label, path);
  }
  if (!s.isFile()) throw new UsageError(`${label}: expected a regular file, got ${s.isDirectory() ? 'a directory' : 'a special file'} "${path}"`);
  return s.size;
}

/** Require that `path` exists (file or directory). */
export async function requireExists(path: string, label: string): Promise<void> {
  try {
    await stat(path);
  } catch (err) {
    throw describeFsError(err, label, path);
  }
}

/** Read a whole file as bytes, after checking it is a regular file of at most `maxBytes`. */
export async function readBytes(path: string, label: string, maxBytes: number): Promise<Uint8Array> {
  const size = await requireFile(path, label);
  if (size > maxBytes) throw new UsageError(`${label}: expected a file of at most ${maxBytes} bytes, got ${size} bytes in "${path}"`);
  try {
    return await readFile(path);
  } catch (err) {
    throw describeFsError(err, label, path);
  }
}

/** Read and parse a UTF-8 JSON file. */
export async function readJsonFile(path: string, label: string): Promise<unknown> {
  const bytes = await readBytes(path, label, MAX_JSON_BYTES);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${label}: expected UTF-8 JSON, got invalid UTF-8 in "${path}"`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    // JSON.parse quotes the text it choked on, newlines included: keep the message on one line
    throw new UsageError(`${label}: "${path}" is not valid JSON (${(err as Error).message.replace(/\s*\n\s*/g, ' ')})`);
  }
}
