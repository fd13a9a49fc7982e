import { listExperiments } from '@/lib/server/api-v1';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return listExperiments(request);
}
