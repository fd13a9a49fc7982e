// Local services for tests and for single-machine use: a private redis-server on a free port.
export { startRedisServer, redisServerAvailable, REDIS_SERVER_NOT_FOUND } from './redis-server';
export type { RedisServerHandle, RedisServerOptions } from './redis-server';
export { freePort } from './free-port';
