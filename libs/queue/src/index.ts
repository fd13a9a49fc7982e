export { connectRedis, redisUrl } from './redis-connection';
export type { RedisRole } from './redis-connection';
export { RunQueue, TRAIN_ATTEMPTS } from './run-queue';
export type { QueueOptions, JobState } from './run-queue';
export { runIdFor, canonicalJson } from './run-ids';
export { submitRun } from './submit';
export type { SubmitOptions, Submitted } from './submit';
export { cancelRun } from './cancel';
export { reconcile } from './reconcile';
