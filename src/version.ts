import packageJson from '../package.json' with { type: 'json' };

declare const __QUANTLAB_COMMIT__: string | undefined;

/** The package version, e.g. `0.1.0`. */
export const VERSION: string = packageJson.version;

/** The git commit the build was made from (set by scripts/build.mjs), or `unknown` when run from source. */
export const COMMIT: string = typeof __QUANTLAB_COMMIT__ === 'string' ? __QUANTLAB_COMMIT__ : 'unknown';
