export * from './bulk.ts';
export * from './client.ts';
export * from './definitions.ts';
export * from './errors.ts';
export * from './indices.ts';
export * from './reads.ts';
