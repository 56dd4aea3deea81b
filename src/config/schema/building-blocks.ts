/** The schema pieces live with the key registry (src/keys), which both config/ and plan/ read. */
export * from '../../keys/schema-blocks.js';
