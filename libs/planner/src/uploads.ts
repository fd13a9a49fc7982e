/**
 * Uploaded datasets as the planner sees them: it reads no store itself, the caller (a worker's plan
 * job, the CLI) gives it a reader. A comparison prepares its dataset while planning, so it needs the
 * upload's text; a single run only needs to know that the upload is there.
 */
import type { PlanIssue } from './plan-issue';

export interface UploadReader {
  /** the upload's text, or null when there is no such upload */
  uploadText(id: string): Promise<string | null>;
  /** whether the upload is there (without reading its text) */
  hasUpload(id: string): Promise<boolean>;
}

/** The reader over a store's uploads (`getUpload` verifies the text against its id). */
export function storeUploads(store: {
  getUpload(id: string): Promise<{ text: string } | null>;
  getUploadInfo(id: string): Promise<unknown>;
}): UploadReader {
  return {
    uploadText: async (id) => (await store.getUpload(id))?.text ?? null,
    hasUpload: async (id) => (await store.getUploadInfo(id)) !== null,
  };
}

export function missingUploadIssue(id: string, uploads: UploadReader | undefined): PlanIssue {
  return uploads
    ? { code: 'dataset', path: 'task.upload', message: `no upload ${id} in the store: upload the file on the dashboard's /datasets page first` }
    : { code: 'dataset', path: 'task.upload', message: 'uploads are read from the store, and this planner was given none' };
}
