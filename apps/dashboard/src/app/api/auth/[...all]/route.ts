import { authHandler } from '@/lib/server/auth-routes';

export const dynamic = 'force-dynamic';

export const { GET, POST } = authHandler;
