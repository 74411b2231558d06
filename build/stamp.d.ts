// Types of build/stamp.js (plain JavaScript, so that bin/hafault.js reads it without tsx).
export declare const STAMP_PATH: string;
export declare const BUILD_CONFIG: readonly string[];
export declare function digestOf(root: string, files: readonly string[]): string;
export interface Stamp {
  readonly digest: string;
  readonly files: readonly string[];
  readonly outputs: readonly string[];
}
export declare function stampOf(root: string, inputs: readonly string[], outputs: readonly string[]): Stamp;
export type BundleStatus = { readonly current: true } | { readonly current: false; readonly why: string };
export declare function bundleStatus(root: string): BundleStatus;
