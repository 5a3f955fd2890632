// Types of scripts/layers.mjs (the layer table is plain JS so eslint.config.js can read it).
export declare const LAYERS: Record<string, string[]>;
export declare const FORBIDDEN_PACKAGES: Record<string, string[]>;
