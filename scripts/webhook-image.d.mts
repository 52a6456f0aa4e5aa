// Types for scripts/webhook-image.mjs, so the TypeScript tests can use it.
export interface BuiltImage {
  /** The runtime stage's filesystem (the files it copied in). */
  root: string;
  /** Its base image. */
  image: string;
  user: string;
  entrypoint: string[];
  exposed: number[];
  /** Absolute paths in the image of the files the stage added. */
  files: string[];
}
export function buildContext(): string[];
export function cachedImage(): BuiltImage;
