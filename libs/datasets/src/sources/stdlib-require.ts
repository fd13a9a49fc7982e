/**
 * The stdlib datasets are CommonJS packages that read large JSON files on call; they are required
 * lazily (only when a task needs them) through a require bound to this module.
 */
import { createRequire } from 'node:module';

export const requireStdlib = createRequire(import.meta.url);
