import { requireRole } from '@/lib/server/auth';
import { getStore } from '@/lib/server/services';
import { handleListDatasets, handleUpload, maxUploadBytes } from '@/lib/server/uploads';

export const dynamic = 'force-dynamic';

export function GET(): Promise<Response> {
  return handleListDatasets({ authorize: () => requireRole('viewer'), store: getStore });
}

export function POST(request: Request): Promise<Response> {
  return handleUpload(request, { authorize: () => requireRole('editor'), store: getStore, maxBytes: () => maxUploadBytes() });
}
