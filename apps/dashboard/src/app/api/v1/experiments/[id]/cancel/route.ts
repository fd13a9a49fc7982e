import { cancelExperimentRequest } from '@/lib/server/api-v1';

export const dynamic = 'force-dynamic';

export function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return cancelExperimentRequest(request, context);
}
