// Entry of the allocation worker thread (see pool.ts). The work is in allocation-worker.ts, TypeScript. The
// worker gets the parent's execArgv (`--import tsx`), but Node 20 does not apply those loader hooks to a
// worker's own imports ("Unknown file extension .ts"), so when the plain import fails tsx's API loads it.
try {
  await import('./allocation-worker.ts');
} catch (err) {
  if (err?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw err;
  const { tsImport } = await import('tsx/esm/api');
  await tsImport('./allocation-worker.ts', import.meta.url);
}
