/**
 * Test helper, run as a child process: train the run config given as JSON in argv[2] and print
 * `{"estimateBytes":…,"peakBytes":…}` — the trainer's estimate and the growth of the process's peak
 * resident memory (getrusage maxRSS) over what it held before training.
 */
import { parseRunConfig } from '@rnnlab/contracts';
import { initBackend } from '@rnnlab/models';
import type { EngineChoice } from '../api';
import { train } from '../train';

const config = parseRunConfig(JSON.parse(process.argv[2] ?? '{}'));
const engine = (process.argv[3] ?? 'auto') as EngineChoice;
await initBackend('auto');
const before = process.memoryUsage().rss;
let estimateBytes = 0;
await train(config, { engine, listener: { onStart: (e) => void (estimateBytes = e.memory.estimateBytes) } });
const peakBytes = process.resourceUsage().maxRSS * 1024 - before;
process.stdout.write(`${JSON.stringify({ estimateBytes, peakBytes })}\n`);
