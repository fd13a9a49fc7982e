export { main } from './main';
export { UsageError, buildRunConfig, parseTrainArgs } from './args';
