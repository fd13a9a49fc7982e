import { health } from '@/lib/server/health';

export const dynamic = 'force-dynamic';

export function GET(): Promise<Response> {
  return health();
}
