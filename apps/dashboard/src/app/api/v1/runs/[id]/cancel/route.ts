import { cancelRunRequest } from '@/lib/server/api-v1';

export const dynamic = 'force-dynamic';

export function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return cancelRunRequest(request, context);
}
