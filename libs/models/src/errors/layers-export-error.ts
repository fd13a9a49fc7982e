/**
 * A model that cannot be exported to the TensorFlow.js layers format: a topology or cell form that
 * no stack of tfjs-layers' built-in layers computes exactly, or weights that do not fit the spec.
 * The same model fails the same way every time, so nothing should retry it.
 */
export class LayersExportError extends Error {
  /** marker for job runners: retrying cannot help */
  readonly unrecoverable = true;

  constructor(message: string) {
    super(message);
    this.name = 'LayersExportError';
  }
}
