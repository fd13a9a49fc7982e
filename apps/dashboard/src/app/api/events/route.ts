import { streamEvents } from '@/lib/server/event-stream';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return streamEvents(request);
}
