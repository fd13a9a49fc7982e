import { getRun } from '@/lib/server/api-v1';

export const dynamic = 'force-dynamic';

export function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return getRun(request, context);
}
