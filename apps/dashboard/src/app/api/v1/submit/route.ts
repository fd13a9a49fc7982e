import { submit } from '@/lib/server/api-v1';

export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return submit(request);
}
