/**
 * GET /api/v1/runs/<id>/model/model.json and …/weights.bin: a run's trained model in the
 * TensorFlow.js layers format, as the worker exported it. model.json names weights.bin relative to
 * its own URL, so `await tf.loadLayersModel('/api/v1/runs/<id>/model/model.json')` loads it in a
 * browser; a link downloads each file under the name the other expects.
 */
import { MODEL_ARTIFACT_FILES, RUN_ID_PATTERN, type ModelArtifactFile } from '@rnnlab/contracts';
import { IntegrityError } from '@rnnlab/store';
import { runModelFile } from '@/lib/data';
import { AuthError, requireRole } from '@/lib/server/auth';
import { jsonError } from '@/lib/server/responses';

export const dynamic = 'force-dynamic';

const CONTENT_TYPES: Record<ModelArtifactFile, string> = { 'model.json': 'application/json', 'weights.bin': 'application/octet-stream' };

const isModelFile = (f: string): f is ModelArtifactFile => (MODEL_ARTIFACT_FILES as readonly string[]).includes(f);

export async function GET(request: Request, { params }: { params: Promise<{ id: string; file: string }> }): Promise<Response> {
  try {
    await requireRole('viewer');
  } catch (e) {
    if (e instanceof AuthError) return jsonError(e.status, { auth: e.message }, e.message);
    throw e;
  }
  const { id, file } = await params;
  if (!RUN_ID_PATTERN.test(id)) return jsonError(404, { id: 'expected a run id like r-0123456789abcdef' }, 'not found');
  if (!isModelFile(file)) return jsonError(404, { file: `expected one of ${MODEL_ARTIFACT_FILES.join(', ')}` }, 'not found');
  let artifact: Awaited<ReturnType<typeof runModelFile>>;
  try {
    artifact = await runModelFile(id, file);
  } catch (e) {
    if (e instanceof IntegrityError) return jsonError(500, { file: `the stored ${file} is corrupt` }, 'internal error');
    return jsonError(503, { store: 'the store is unavailable' });
  }
  if (!artifact) return jsonError(404, { id: `run ${id} has no TensorFlow.js model (not finished, not found, or not exportable)` }, 'not found');
  // stored once and never rewritten: its hash is a strong validator
  const etag = `"${artifact.sha256}"`;
  const headers = {
    'content-type': CONTENT_TYPES[file],
    'content-disposition': `attachment; filename="${file}"`,
    'cache-control': 'private, no-cache',
    etag,
  };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(artifact.data), { status: 200, headers: { ...headers, 'content-length': String(artifact.bytes) } });
}
