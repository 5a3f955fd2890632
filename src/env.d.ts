/** The build's version (vite.config.ts define, scripts/app-version.ts). */
declare const __GOLENS_VERSION__: string;
